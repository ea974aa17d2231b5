namespace ResearchKit.Data.Loaders;

/// <summary>
/// Loads the RetailRocket e-commerce dataset (Kaggle "retailrocket/ecommerce-dataset"): <c>events.csv</c>
/// (timestamp in ms, visitorid, event = view / addtocart / transaction, itemid, transactionid) and, when they sit
/// next to it, <c>item_properties_part1.csv</c> / <c>item_properties_part2.csv</c> (timestamp, itemid, property,
/// value) from which each item's latest <c>categoryid</c> becomes its catalog category.
/// Events become <see cref="EventKind.View"/> / <see cref="EventKind.Cart"/> / <see cref="EventKind.Purchase"/>
/// with value 1; unknown event names are errors naming the line.
/// </summary>
public static class RetailRocketLoader
{
    /// <summary>Loads from a folder holding events.csv, or from the events file itself.</summary>
    public static Dataset Load(string path, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        var events = Directory.Exists(path) ? Path.Combine(path, "events.csv") : path;
        if (!File.Exists(events)) throw new FileNotFoundException($"{events}: RetailRocket events.csv not found. See data/README.md for the download.", events);
        var tally = new LoadTally(events, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder(1 << 16);
        using (var csv = new CsvReader(events, ",", '"', true, options.Encoding ?? CsvLoader.StrictUtf8))
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
        return new Dataset(options.Name ?? "retailrocket", log.Build(), users, items, found ? catalog : null) { Report = tally.Report() };
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
