using System.Text;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Loads the GroupLens MovieLens releases, detecting which one a path holds (a folder or its ratings file):
/// <list type="bullet">
/// <item>100k: <c>u.data</c> (tab: user, item, rating, timestamp) + <c>u.item</c> (pipe; title, 19 genre flags
/// named by <c>u.genre</c>) + <c>u.user</c> (pipe; age, gender, occupation, zip). Latin-1.</item>
/// <item>1M: <c>ratings.dat</c> (<c>::</c>) + <c>movies.dat</c> (title, genres a|b) + <c>users.dat</c>
/// (gender, age band, occupation code, zip). Latin-1.</item>
/// <item>10M: <c>ratings.dat</c> and <c>movies.dat</c> as 1M, no <c>users.dat</c>, user tags in <c>tags.dat</c>
/// (<c>::</c>: user, movie, tag, timestamp). Read as Latin-1 like 1M.</item>
/// <item>latest / 20M / 25M / 32M: <c>ratings.csv</c> (userId,movieId,rating,timestamp) + <c>movies.csv</c>
/// (movieId,title,genres; quoted titles) + <c>tags.csv</c> (userId,movieId,tag,timestamp). UTF-8.</item>
/// </list>
/// Rows are <see cref="EventKind.Rating"/> with the rating as value; ids keep MovieLens's own numbers; genres
/// become catalog tags (and the first genre the category; "(no genres listed)" is no genre), followed by the
/// distinct user tags of the movie from tags.csv / tags.dat; only movies that have ratings enter the catalog. The
/// release is named from the files (and, for ratings.csv, from an <c>ml-20m</c>-style folder name).
/// </summary>
public static class MovieLensLoader
{
    private static readonly string[] Genres100k =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>Loads the release at <paramref name="path"/> (folder, or u.data / ratings.dat / ratings.csv).</summary>
    public static Dataset Load(string path, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        var (ratings, release) = Detect(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(ratings))!;
        var latin1 = options.Encoding ?? Encoding.Latin1;
        var utf8 = options.Encoding ?? CsvLoader.StrictUtf8;
        var tally = new LoadTally(ratings, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder(1 << 16);
        switch (release)
        {
            case "100k":
                ReadRatings(new CsvReader(ratings, "\t", '\0', false, latin1, options.MaxLineLength), users, items, log, tally, progress, ct);
                break;
            case "1m" or "10m":
                ReadRatings(new CsvReader(ratings, "::", '\0', false, latin1, options.MaxLineLength), users, items, log, tally, progress, ct);
                break;
            default:
                using (var csv = new CsvReader(ratings, ",", '"', true, utf8, options.MaxLineLength))
                {
                    foreach (var col in new[] { "userId", "movieId", "rating" }) csv.Require(col);
                    ReadRatings(csv, users, items, log, tally, progress, ct);
                }
                break;
        }
        if (tally.RowsLoaded == 0) throw new CsvFormatException(ratings, 0, null, "at least one rating row", "none");

        var catalog = new ItemCatalog(items.Count) { Tags = new int[items.Count][] };
        UserTable? userTable = null;
        switch (release)
        {
            case "100k":
                ReadMovies100k(dir, items, catalog, latin1);
                userTable = ReadUsers(Path.Combine(dir, "u.user"), "|", users, latin1, ["age", "gender", "occupation", "zip"]);
                break;
            case "1m":
                ReadMovies(Path.Combine(dir, "movies.dat"), "::", '\0', false, items, catalog, latin1);
                userTable = ReadUsers(Path.Combine(dir, "users.dat"), "::", users, latin1, ["gender", "age", "occupation", "zip"]);
                break;
            case "10m":
                ReadMovies(Path.Combine(dir, "movies.dat"), "::", '\0', false, items, catalog, latin1);
                ReadTags(Path.Combine(dir, "tags.dat"), "::", '\0', false, items, catalog, latin1);
                break;
            default:
                ReadMovies(Path.Combine(dir, "movies.csv"), ",", '"', true, items, catalog, utf8);
                ReadTags(Path.Combine(dir, "tags.csv"), ",", '"', true, items, catalog, utf8);
                break;
        }
        for (var i = 0; i < items.Count; i++) catalog.Tags[i] ??= [];
        return new Dataset(options.Name ?? "movielens-" + release, log.Build(), users, items, catalog, userTable) { Report = tally.Report() };
    }

    /// <summary>Finds the ratings file and names the release ("100k", "1m", "10m", "20m"/"25m"/"32m" by folder name, or "latest").</summary>
    internal static (string Ratings, string Release) Detect(string path)
    {
        var (ratings, format) = DetectFormat(path);
        var dir = Path.GetDirectoryName(Path.GetFullPath(ratings))!;
        if (format == "1m") return (ratings, File.Exists(Path.Combine(dir, "users.dat")) ? "1m" : "10m");
        if (format != "latest") return (ratings, format);
        var folder = Path.GetFileName(dir).ToLowerInvariant();
        return (ratings, folder is "ml-20m" or "ml-25m" or "ml-32m" ? folder[3..] : "latest");
    }

    private static (string Ratings, string Release) DetectFormat(string path)
    {
        if (Directory.Exists(path))
        {
            foreach (var (file, release) in new[] { ("u.data", "100k"), ("ratings.dat", "1m"), ("ratings.csv", "latest") })
                if (File.Exists(Path.Combine(path, file))) return (Path.Combine(path, file), release);
            throw new FileNotFoundException($"{path}: no MovieLens ratings file found (expected u.data, ratings.dat or ratings.csv). See data/README.md for downloads.");
        }
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file or folder not found. See data/README.md for MovieLens downloads.", path);
        return Path.GetFileName(path).ToLowerInvariant() switch
        {
            "u.data" => (path, "100k"),
            "ratings.dat" => (path, "1m"),
            "ratings.csv" => (path, "latest"),
            var other => throw new FormatException($"{path}: '{other}' is not a MovieLens ratings file (expected u.data, ratings.dat or ratings.csv)."),
        };
    }

    private static void ReadRatings(CsvReader csv, IdMap users, IdMap items, InteractionsBuilder log, LoadTally tally,
        IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        using (csv)
        {
            while (!tally.Full && csv.ReadRow())
            {
                tally.Row(csv, progress, ct);
                try
                {
                    csv.RequireFields(4);
                    var rating = csv.GetSingle(2);
                    var time = TimeParsing.Read(csv, 3, "timestamp");
                    log.Add(users.GetOrAdd(csv.GetId(0)), items.GetOrAdd(csv.GetId(1)), rating, time, EventKind.Rating);
                    tally.RowsLoaded++;
                }
                catch (CsvFormatException e) { tally.Bad(e); }
            }
        }
    }

    private static void ReadMovies100k(string dir, IdMap items, ItemCatalog catalog, Encoding encoding)
    {
        var genres = Genres100k;
        var genreFile = Path.Combine(dir, "u.genre");
        if (File.Exists(genreFile))
        {
            var names = new List<string>();
            using var g = new CsvReader(genreFile, "|", '\0', false, encoding);
            while (g.ReadRow()) if (g.FieldCount >= 2) names.Add(g[0].ToString());
            if (names.Count > 0) genres = [.. names];
        }
        foreach (var genre in genres) catalog.TagNames.GetOrAdd(genre);
        foreach (var genre in genres) catalog.CategoryNames.GetOrAdd(genre);
        var path = Path.Combine(dir, "u.item");
        if (!File.Exists(path)) return;
        using var csv = new CsvReader(path, "|", '\0', false, encoding);
        var tags = new List<int>();
        while (csv.ReadRow())
        {
            csv.RequireFields(5 + genres.Length);
            if (!items.TryGetDense(csv[0].Trim(), out var item)) continue;
            catalog.Title[item] = csv[1].ToString();
            tags.Clear();
            for (var g = 0; g < genres.Length; g++)
            {
                var flag = csv[5 + g].Trim();
                if (flag.SequenceEqual("1")) tags.Add(g);
                else if (!flag.SequenceEqual("0")) throw csv.Error("a genre flag 0 or 1", flag.ToString(), genres[g]);
            }
            catalog.Tags![item] = [.. tags];
            catalog.Category[item] = tags.Count > 0 ? tags[0] : -1;
        }
    }

    private static void ReadMovies(string path, string sep, char quote, bool header, IdMap items, ItemCatalog catalog, Encoding encoding)
    {
        if (!File.Exists(path)) return;
        using var csv = new CsvReader(path, sep, quote, header, encoding);
        var tags = new List<int>();
        while (csv.ReadRow())
        {
            csv.RequireFields(3);
            if (!items.TryGetDense(csv[0].Trim(), out var item)) continue;
            catalog.Title[item] = csv[1].ToString();
            tags.Clear();
            foreach (var range in csv[2].Split('|'))
            {
                var genre = csv[2][range].Trim();
                if (genre.IsEmpty || genre.SequenceEqual("(no genres listed)")) continue;
                tags.Add(catalog.TagNames.GetOrAdd(genre));
                catalog.CategoryNames.GetOrAdd(genre);
            }
            catalog.Tags![item] = [.. tags];
            catalog.Category[item] = tags.Count > 0 ? catalog.CategoryNames.ToDense(catalog.TagNames.ToExternal(tags[0])) : -1;
        }
    }

    // User tags (tags.csv / tags.dat: user, movie, tag, timestamp) appended to the movie's genre tags, once each, in
    // order of first appearance in the file.
    private static void ReadTags(string path, string sep, char quote, bool header, IdMap items, ItemCatalog catalog, Encoding encoding)
    {
        if (!File.Exists(path)) return;
        var extra = new Dictionary<int, HashSet<int>>();
        using (var csv = new CsvReader(path, sep, quote, header, encoding))
        {
            while (csv.ReadRow())
            {
                csv.RequireFields(3);
                if (!items.TryGetDense(csv[1].Trim(), out var item)) continue;
                var tag = csv[2].Trim();
                if (tag.IsEmpty) continue;
                var id = catalog.TagNames.GetOrAdd(tag);
                if (!extra.TryGetValue(item, out var set)) extra[item] = set = [];
                set.Add(id);
            }
        }
        foreach (var (item, set) in extra)
        {
            var genres = catalog.Tags![item] ?? [];
            catalog.Tags[item] = [.. genres, .. set.Where(t => Array.IndexOf(genres, t) < 0).Order()];
        }
    }

    private static UserTable? ReadUsers(string path, string sep, IdMap users, Encoding encoding, string[] columns)
    {
        if (!File.Exists(path)) return null;
        var table = new UserTable(users.Count);
        using var csv = new CsvReader(path, sep, '\0', false, encoding);
        while (csv.ReadRow())
        {
            csv.RequireFields(1 + columns.Length);
            if (!users.TryGetDense(csv[0].Trim(), out var user)) continue;
            for (var c = 0; c < columns.Length; c++)
            {
                if (columns[c] == "age") table.Numeric("age")[user] = csv.GetSingle(1 + c);
                else table.Categorical(columns[c])[user] = csv[1 + c].Trim().ToString();
            }
        }
        return table;
    }
}
