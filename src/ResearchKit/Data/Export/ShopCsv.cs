using System.Globalization;
using ResearchKit.Data.Loaders;
using ResearchKit.Serialization;

namespace ResearchKit.Data.Export;

/// <summary>
/// A plain-CSV layout for a whole shop dataset, readable by people and by any tool:
/// <c>shop_events.csv</c> (user,item,value,timestamp,kind), <c>shop_items.csv</c> (item,category,brand,price,title)
/// and <c>shop_users.csv</c> (user, then one column per user attribute). <see cref="Write"/> and <see cref="Load"/>
/// round-trip a <see cref="Dataset"/> (spec <c>shop:DIR</c>); data/sample/ holds one written from the synthetic shop.
/// </summary>
public static class ShopCsv
{
    /// <summary>Events file name.</summary>
    public const string EventsFile = "shop_events.csv";
    /// <summary>Items file name.</summary>
    public const string ItemsFile = "shop_items.csv";
    /// <summary>Users file name.</summary>
    public const string UsersFile = "shop_users.csv";

    private static readonly string[] KindNames = ["view", "cart", "purchase", "rating"];

    /// <summary>
    /// Writes the dataset's files into <paramref name="directory"/> (created if needed), "\n" line ends, UTF-8, each
    /// file atomically (<see cref="AtomicFile"/>). An empty dataset is an error: <see cref="Load"/> would refuse it.
    /// </summary>
    public static void Write(Dataset data, string directory)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Interactions.Count == 0) throw new InvalidOperationException($"{directory}: the dataset '{data.Name}' has no interactions; a shop folder needs at least one event.");
        AtomicFile.CheckFolder(directory);
        WriteEvents(data, Path.Combine(directory, EventsFile));
        if (data.Items is { } items)
            AtomicFile.WriteText(Path.Combine(directory, ItemsFile), w => WriteItems(w, data, items));
        if (data.Users is { } users)
            AtomicFile.WriteText(Path.Combine(directory, UsersFile), w => WriteUsers(w, data, users));
    }

    /// <summary>
    /// Writes the interactions alone as <c>user,item,value,timestamp,kind</c> (original ids, kinds by name) to
    /// <paramref name="path"/>, atomically: the events file of a shop folder, also read by <c>kit evaluate</c>
    /// (<c>user,item</c>) and by <c>csv:PATH?value=value&amp;time=timestamp&amp;kind=kind</c>.
    /// </summary>
    public static void WriteEvents(Dataset data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(path);
        var inv = CultureInfo.InvariantCulture;
        AtomicFile.WriteText(path, w =>
        {
            w.Write("user,item,value,timestamp,kind\n");
            var log = data.Interactions;
            for (var r = 0; r < log.Count; r++)
                w.Write(string.Create(inv, $"{Field(data.UserIds.ToExternal(log.Users[r]))},{Field(data.ItemIds.ToExternal(log.Items[r]))},{log.Values[r]},{log.Timestamps[r]},{KindNames[(int)log.Kinds[r]]}\n"));
        });
    }

    private static void WriteItems(TextWriter w, Dataset data, ItemCatalog items)
    {
        var inv = CultureInfo.InvariantCulture;
        w.Write("item,category,brand,price,title\n");
        for (var i = 0; i < items.Count; i++)
        {
            var category = items.Category[i] >= 0 ? items.CategoryNames.ToExternal(items.Category[i]) : "";
            var brand = items.Brand[i] >= 0 ? items.BrandNames.ToExternal(items.Brand[i]) : "";
            var price = float.IsNaN(items.Price[i]) ? "" : items.Price[i].ToString("0.00", inv);
            w.Write($"{Field(data.ItemIds.ToExternal(i))},{Field(category)},{Field(brand)},{price},{Field(items.Title[i] ?? "")}\n");
        }
    }

    private static void WriteUsers(TextWriter w, Dataset data, UserTable users)
    {
        var inv = CultureInfo.InvariantCulture;
        var cat = users.CategoricalColumns.ToArray(); var num = users.NumericColumns.ToArray();
        w.Write(string.Join(",", new[] { "user" }.Concat(cat).Concat(num).Select(Field)) + "\n");
        for (var u = 0; u < users.Count; u++)
        {
            var cells = new List<string> { Field(data.UserIds.ToExternal(u)) };
            cells.AddRange(cat.Select(c => Field(users.Categorical(c)[u] ?? "")));
            cells.AddRange(num.Select(c => users.Numeric(c)[u] is var v && float.IsNaN(v) ? "" : v.ToString(inv)));
            w.Write(string.Join(",", cells) + "\n");
        }
    }

    /// <summary>Loads a directory written by <see cref="Write"/> (items and users files are optional).</summary>
    public static Dataset Load(string directory, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        var events = Path.Combine(directory, EventsFile);
        if (!File.Exists(events)) throw new FileNotFoundException($"{events}: not found; a shop: folder needs {EventsFile} (and optionally {ItemsFile}, {UsersFile}).", events);
        options ??= new DataLoadOptions();
        var name = options.Name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        var log = CsvLoader.Load(events, new CsvColumns { Value = "value", Time = "timestamp", Kind = "kind" }, options with { Name = name }, progress, ct);
        ItemCatalog? catalog = null; UserTable? table = null;
        var itemsPath = Path.Combine(directory, ItemsFile);
        if (File.Exists(itemsPath))
        {
            catalog = new ItemCatalog(log.ItemCount);
            using var csv = new CsvReader(itemsPath);
            int id = csv.Require("item"), category = csv.Require("category"), brand = csv.Require("brand"), price = csv.Require("price"), title = csv.Require("title");
            while (csv.ReadRow())
            {
                csv.RequireFields(5);
                if (!log.ItemIds.TryGetDense(csv[id], out var i)) continue;
                if (!csv[category].IsEmpty) catalog.Category[i] = catalog.CategoryNames.GetOrAdd(csv[category]);
                if (!csv[brand].IsEmpty) catalog.Brand[i] = catalog.BrandNames.GetOrAdd(csv[brand]);
                if (!csv[price].IsEmpty) catalog.Price[i] = csv.GetSingle(price);
                if (!csv[title].IsEmpty) catalog.Title[i] = csv[title].ToString();
            }
        }
        var usersPath = Path.Combine(directory, UsersFile);
        if (File.Exists(usersPath))
        {
            table = new UserTable(log.UserCount);
            using var csv = new CsvReader(usersPath);
            var id = csv.Require("user");
            while (csv.ReadRow())
            {
                if (!log.UserIds.TryGetDense(csv[id], out var u)) continue;
                for (var c = 0; c < csv.Header.Count && c < csv.FieldCount; c++)
                {
                    if (c == id || csv[c].IsEmpty) continue;
                    if (TimeParsing.TryParseValue(csv[c], out var v)) table.Numeric(csv.Header[c])[u] = v;
                    else table.Categorical(csv.Header[c])[u] = csv[c].ToString();
                }
            }
        }
        return new Dataset(name, log.Interactions, log.UserIds, log.ItemIds, catalog, table) { Report = log.Report };
    }

    private static string Field(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
}
