using System.Globalization;
using ResearchKit.Data.Loaders;
using ResearchKit.Data.Synthetic;

namespace ResearchKit.Data;

/// <summary>
/// A data source named by one string, shared by the CLI (<c>--data</c>) and notebooks:
/// <list type="bullet">
/// <item><c>synthetic</c> or <c>synthetic:users=5000,items=2000,seed=42,...</c> — <see cref="SyntheticShop"/>
/// (keys: users, items, seed, categories, brands, factors, events (mean per user), cold, zipf, days, temperature, candidates, session).</item>
/// <item><c>csv:PATH?user=COL&amp;item=COL&amp;value=COL&amp;time=COL&amp;kind=COL&amp;sep=C&amp;header=false&amp;encoding=E</c> — <see cref="CsvLoader"/>
/// (sep may be <c>tab</c>, <c>;</c>, <c>::</c>, ...; columns are names, or 1-based positions without a header;
/// encoding is utf-8 (the default, strict), latin1, ascii, utf-16, or a Windows code page such as windows-1252).</item>
/// <item><c>movielens:PATH</c>, <c>retailrocket:PATH[?category=leaf|root]</c>, <c>onlineretail:PATH</c>, <c>amazon:PATH[?meta=FILE|none]</c>, <c>parquet:PATH[?user=..&amp;item=..]</c> — the loaders in Data/Loaders and Data/DuckDb.</item>
/// <item><c>sql:QUERY</c> — a DuckDB query over CSV, Parquet or JSON files whose result has columns <c>user</c> and <c>item</c>
/// (required) and <c>value</c>, <c>time</c>, <c>kind</c> (optional), e.g. <c>sql:SELECT userId AS "user", movieId AS item, rating AS value FROM 'ratings.csv'</c>
/// — <see cref="DuckDb.SqlLoader"/>. Everything after <c>sql:</c> is the query (no <c>?</c> parameters).</item>
/// <item><c>shop:DIR</c> — a folder in the <see cref="Export.ShopCsv"/> layout, e.g. <c>shop:data/sample</c>.</item>
/// </list>
/// </summary>
/// <param name="Kind">The source kind (lower case), e.g. "synthetic", "csv".</param>
/// <param name="Path">The path part ("" for synthetic).</param>
/// <param name="Parameters">Key/value parameters (after ':' for synthetic, after '?' for files).</param>
public sealed record DataSpec(string Kind, string Path, IReadOnlyDictionary<string, string> Parameters)
{
    private const string Expected = "synthetic[:users=N,items=N,seed=N,...], csv:PATH[?user=COL&item=COL&value=COL&time=COL&sep=C], movielens:PATH, retailrocket:PATH[?category=leaf|root], onlineretail:PATH, amazon:PATH[?meta=FILE|none], parquet:PATH, sql:QUERY or shop:DIR";

    /// <summary>The kinds <see cref="Load(string, DataLoadOptions?, IProgress{LoadProgress}?, CancellationToken)"/> understands.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["synthetic", "csv", "movielens", "retailrocket", "onlineretail", "amazon", "parquet", "sql", "shop"];

    /// <summary>Parses a spec; throws <see cref="FormatException"/> saying what was expected.</summary>
    public static DataSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = spec.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var kind = (colon < 0 ? text : text[..colon]).Trim().ToLowerInvariant();
        var rest = colon < 0 ? "" : text[(colon + 1)..];
        if (!Kinds.Contains(kind)) throw new FormatException($"Unknown data source '{kind}' in '{spec}'. Expected {Expected}.");
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (kind == "synthetic")
        {
            foreach (var part in rest.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                AddPair(parameters, part, spec);
            return new DataSpec(kind, "", parameters);
        }
        if (kind == "sql")
            return rest.Trim().Length > 0 ? new DataSpec(kind, rest.Trim(), parameters)
                : throw new FormatException($"Data spec '{spec}' has no query. Expected sql:SELECT ... AS \"user\", ... AS item FROM 'file.csv'.");
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        var path = (q < 0 ? rest : rest[..q]).Trim();
        if (path.Length == 0) throw new FormatException($"Data spec '{spec}' has no path. Expected {kind}:PATH.");
        if (q >= 0)
            foreach (var part in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
                AddPair(parameters, part, spec);
        return new DataSpec(kind, path, parameters);
    }

    /// <summary>Parses and loads <paramref name="spec"/>.</summary>
    public static Dataset Load(string spec, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default) =>
        Parse(spec).Load(options, progress, ct);

    /// <summary>Loads this source.</summary>
    public Dataset Load(DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        return Kind switch
        {
            "synthetic" => SyntheticShop.Generate(SyntheticOptions(), ct).Dataset,
            "csv" => CsvLoader.Load(Path, CsvColumns(), EncodingParameter() is { } e ? options with { Encoding = e } : options, progress, ct),
            _ => LoaderRegistry.Load(this, options, progress, ct),
        };
    }

    /// <summary>The <see cref="SyntheticShopOptions"/> a synthetic spec stands for.</summary>
    public SyntheticShopOptions SyntheticOptions()
    {
        var o = new SyntheticShopOptions();
        foreach (var (key, value) in Parameters)
        {
            o = key.ToLowerInvariant() switch
            {
                "users" => o with { Users = Int(key, value) },
                "items" => o with { Items = Int(key, value) },
                "seed" => o with { Seed = Int(key, value) },
                "categories" => o with { Categories = Int(key, value) },
                "brands" => o with { Brands = Int(key, value) },
                "factors" => o with { Factors = Int(key, value) },
                "events" => o with { MeanEventsPerUser = Num(key, value) },
                "cold" => o with { ColdUserFraction = Num(key, value) },
                "zipf" => o with { ZipfExponent = Num(key, value) },
                "days" => o with { Days = Int(key, value) },
                "temperature" => o with { ChoiceTemperature = Num(key, value) },
                "candidates" => o with { CandidatesPerSession = Int(key, value) },
                "session" => o with { MeanSessionLength = Num(key, value) },
                _ => throw new FormatException($"Unknown synthetic parameter '{key}'. Known: users, items, seed, categories, brands, factors, events, cold, zipf, days, temperature, candidates, session."),
            };
        }
        o.Validate();
        return o;
    }

    /// <summary>The <see cref="Loaders.CsvColumns"/> a csv spec stands for.</summary>
    public CsvColumns CsvColumns()
    {
        var c = new CsvColumns();
        foreach (var (key, value) in Parameters)
        {
            c = key.ToLowerInvariant() switch
            {
                "user" => c with { User = value },
                "item" => c with { Item = value },
                "value" or "rating" => c with { Value = value },
                "time" or "timestamp" => c with { Time = value },
                "kind" or "event" => c with { Kind = value },
                "sep" => c with { Separator = value.ToLowerInvariant() switch { "tab" or "\\t" => "\t", "" => throw new FormatException("csv spec: sep must not be empty."), _ => value } },
                "header" => c with { HasHeader = bool.TryParse(value, out var h) ? h : throw new FormatException($"csv spec: header must be true or false, got '{value}'.") },
                "encoding" => c,   // not a column: read by EncodingParameter
                _ => throw new FormatException($"Unknown csv parameter '{key}'. Known: user, item, value, time, kind, sep, header, encoding."),
            };
        }
        return c;
    }

    /// <summary>
    /// The text encoding named by the <c>encoding=</c> parameter (null when absent), strict: invalid bytes are errors.
    /// Accepts .NET's names (utf-8, latin1 / iso-8859-1, us-ascii, utf-16, utf-32) and Windows code pages (windows-1252).
    /// </summary>
    public System.Text.Encoding? EncodingParameter()
    {
        if (!Parameters.TryGetValue("encoding", out var name)) return null;
        System.Text.Encoding? encoding = null;
        try { encoding = System.Text.Encoding.GetEncoding(name); }
        catch (ArgumentException) { encoding = System.Text.CodePagesEncodingProvider.Instance.GetEncoding(name); }
        if (encoding is null)
            throw new FormatException($"Data spec '{this}': unknown encoding '{name}'. Expected utf-8, latin1, us-ascii, utf-16, utf-32 or a code page such as windows-1252.");
        if (encoding is System.Text.UTF8Encoding) return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true);
        var strict = (System.Text.Encoding)encoding.Clone();
        strict.DecoderFallback = System.Text.DecoderFallback.ExceptionFallback;
        return strict;
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var args = string.Join(Kind == "synthetic" ? "," : "&", Parameters.Select(p => $"{p.Key}={p.Value}"));
        if (Kind == "sql") return $"sql:{Path}";
        return Kind == "synthetic" ? (args.Length == 0 ? "synthetic" : $"synthetic:{args}") : args.Length == 0 ? $"{Kind}:{Path}" : $"{Kind}:{Path}?{args}";
    }

    private static void AddPair(Dictionary<string, string> parameters, string part, string spec)
    {
        var eq = part.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0) throw new FormatException($"Data spec '{spec}': '{part}' is not key=value.");
        parameters[part[..eq].Trim()] = Uri.UnescapeDataString(part[(eq + 1)..].Trim());
    }

    private static int Int(string key, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"Data spec parameter '{key}' must be an integer, got '{value}'.");

    private static double Num(string key, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : throw new FormatException($"Data spec parameter '{key}' must be a number, got '{value}'.");
}
