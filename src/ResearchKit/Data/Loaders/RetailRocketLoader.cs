namespace ResearchKit.Data.Loaders;

/// <summary>
/// Loads the RetailRocket e-commerce dataset (Kaggle "retailrocket/ecommerce-dataset"): <c>events.csv</c>
/// (timestamp in ms, visitorid, event = view / addtocart / transaction, itemid, transactionid) and, when they sit
/// next to it, <c>item_properties_part1.csv</c> / <c>item_properties_part2.csv</c> (timestamp, itemid, property,
/// value) from which each item's latest <c>categoryid</c> becomes its catalog category.
/// With <c>category_tree.csv</c> (categoryid, parentid; empty parent for a root) next to them too, each item's
/// category path (its category and every ancestor, leaf first) becomes its catalog tags, and
/// <see cref="RetailRocketCategory.Root"/> makes the top-level ancestor its category (about 25 instead of 1,600).
/// Events become <see cref="EventKind.View"/> / <see cref="EventKind.Cart"/> / <see cref="EventKind.Purchase"/>
/// with value 1; unknown event names are errors naming the line.
/// </summary>
public static class RetailRocketLoader
{
    /// <summary>Loads from a folder holding events.csv, or from the events file itself.</summary>
    public static Dataset Load(string path, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default) =>
        Load(path, RetailRocketCategory.Leaf, options, progress, ct);

    /// <summary>As above, choosing which level of the category tree becomes each item's category.</summary>
    public static Dataset Load(string path, RetailRocketCategory category, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        var events = Directory.Exists(path) ? Path.Combine(path, "events.csv") : path;
        if (!File.Exists(events)) throw new FileNotFoundException($"{events}: RetailRocket events.csv not found. See data/README.md for the download.", events);
        var tally = new LoadTally(events, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder(1 << 16);
        using (var csv = new CsvReader(events, ",", '"', true, options.Encoding ?? CsvLoader.StrictUtf8, options.MaxLineLength))
        {
            int time = csv.Require("timestamp"), visitor = csv.Require("visitorid"), evt = csv.Require("event"), item = csv.Require("itemid");
            var need = Math.Max(Math.Max(time, visitor), Math.Max(evt, item)) + 1;
            while (!tally.Full && csv.ReadRow())
            {
                tally.Row(csv, progress, ct);
                try
                {
                    csv.RequireFields(need);
                    var t = TimeParsing.Read(csv, time, "timestamp");
                    if (!EventKinds.TryParse(csv[evt], out var kind) || kind == EventKind.Rating)
                        throw csv.Error("an event of view, addtocart or transaction", csv[evt].ToString(), "event");
                    log.Add(users.GetOrAdd(csv.GetId(visitor)), items.GetOrAdd(csv.GetId(item)), 1f, t, kind);
                    tally.RowsLoaded++;
                }
                catch (CsvFormatException e) { tally.Bad(e); }
            }
        }
        if (tally.RowsLoaded == 0) throw new CsvFormatException(events, 0, null, "at least one event row", "none");

        var catalog = new ItemCatalog(items.Count);
        var dir = Path.GetDirectoryName(Path.GetFullPath(events))!;
        var latest = new long[items.Count];
        Array.Fill(latest, long.MinValue);
        var found = false;
        foreach (var part in new[] { "item_properties_part1.csv", "item_properties_part2.csv", "item_properties.csv" })
        {
            var file = Path.Combine(dir, part);
            if (!File.Exists(file)) continue;
            found = true;
            ReadCategories(file, items, catalog, latest, options, ct);
        }
        var tree = Path.Combine(dir, "category_tree.csv");
        if (found && File.Exists(tree)) catalog = ApplyTree(tree, catalog, category, options);
        else if (category == RetailRocketCategory.Root)
            throw new FileNotFoundException($"{tree}: category=root needs RetailRocket's category_tree.csv (and item_properties) next to events.csv.", tree);
        return new Dataset(options.Name ?? "retailrocket", log.Build(), users, items, found ? catalog : null) { Report = tally.Report() };
    }

    // Tags = the category's path to its root (leaf first); with Root, the root becomes the category.
    private static ItemCatalog ApplyTree(string file, ItemCatalog catalog, RetailRocketCategory level, DataLoadOptions options)
    {
        var parent = new Dictionary<string, string?>(StringComparer.Ordinal);
        using (var csv = new CsvReader(file, ",", '"', true, options.Encoding ?? CsvLoader.StrictUtf8))
        {
            int id = csv.Require("categoryid"), up = csv.Require("parentid");
            while (csv.ReadRow())
            {
                csv.RequireFields(Math.Max(id, up) + 1);
                var p = csv[up].Trim();
                parent[csv[id].Trim().ToString()] = p.IsEmpty ? null : p.ToString();
            }
        }
        var result = level == RetailRocketCategory.Root ? new ItemCatalog(catalog.Count) : catalog;
        var tags = new int[catalog.Count][];
        var path = new List<string>();
        for (var i = 0; i < catalog.Count; i++)
        {
            tags[i] = [];
            if (catalog.Category[i] < 0) continue;
            path.Clear();
            for (string? c = catalog.CategoryNames.ToExternal(catalog.Category[i]); c is not null; c = parent.GetValueOrDefault(c))
            {
                if (path.Count > 64) throw new CsvFormatException(file, 0, "parentid", "a tree (no cycles)", $"a cycle through category {c}");
                path.Add(c);
            }
            tags[i] = path.Select(c => result.TagNames.GetOrAdd(c)).ToArray();
            if (level == RetailRocketCategory.Root) result.Category[i] = result.CategoryNames.GetOrAdd(path[^1]);
        }
        result.Tags = tags;
        return result;
    }

    private static void ReadCategories(string file, IdMap items, ItemCatalog catalog, long[] latest, DataLoadOptions options, CancellationToken ct)
    {
        using var csv = new CsvReader(file, ",", '"', true, options.Encoding ?? CsvLoader.StrictUtf8);
        int time = csv.Require("timestamp"), item = csv.Require("itemid"), property = csv.Require("property"), value = csv.Require("value");
        var need = Math.Max(Math.Max(time, item), Math.Max(property, value)) + 1;
        long rows = 0;
        while (csv.ReadRow())
        {
            if ((++rows & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
            if (csv.FieldCount < need || !csv[property].SequenceEqual("categoryid")) continue;
            if (!items.TryGetDense(csv[item].Trim(), out var dense)) continue;
            var t = TimeParsing.Read(csv, time, "timestamp");
            if (t < latest[dense]) continue;
            latest[dense] = t;
            catalog.Category[dense] = catalog.CategoryNames.GetOrAdd(csv[value].Trim());
        }
    }
}

/// <summary>Which level of RetailRocket's category tree becomes an item's catalog category.</summary>
public enum RetailRocketCategory
{
    /// <summary>The item's own (most specific) category, as in item_properties (the default).</summary>
    Leaf,

    /// <summary>Its top-level ancestor from category_tree.csv.</summary>
    Root,
}
