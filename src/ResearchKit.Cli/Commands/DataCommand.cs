using System.CommandLine;
using System.Globalization;
using ResearchKit.Data;
using ResearchKit.Data.DuckDb;
using ResearchKit.Data.Files;
using ResearchKit.Data.Export;
using ResearchKit.Data.Splitting;
using ResearchKit.Serialization;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit data SPEC [--split SPEC] [--k-core N] [--skip-bad-rows] [--to-parquet FILE] [--to-shop DIR]</c>:
/// loads a data spec and shows what it looks like (users, items, rows by kind, time range, side information, load
/// report), optionally split, filtered and converted. Exit 2 on bad input.
/// </summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var spec = new Argument<string>("spec") { Description = "Data spec, e.g. synthetic, movielens:data/raw/ml-100k, csv:FILE?user=..&item=.., parquet:FILE, sql:QUERY (see data/README.md)." };
        var split = new Option<string?>("--split") { Description = "Also apply a split spec (stratified:0.75, random:0.8, temporal:0.8, leave-last:1, cold-users:0.1) and show its sizes." };
        var seed = new Option<int>("--seed") { Description = "Seed for the split.", DefaultValueFactory = _ => 42 };
        var kcore = new Option<int>("--k-core") { Description = "Keep the k-core (users and items with at least k distinct partners) before anything else; for sql: sources it runs inside DuckDB before loading.", DefaultValueFactory = _ => 0 };
        var skip = new Option<bool>("--skip-bad-rows") { Description = "Skip malformed rows (counted in the report) instead of stopping at the first." };
        var parquet = new Option<string?>("--to-parquet") { Description = "Write the interactions to this Parquet file (user,item,value,timestamp,kind)." };
        var shop = new Option<string?>("--to-shop") { Description = "Write the dataset as shop_events/items/users.csv into this folder." };
        var command = new Command("data", "Load a data spec and describe it; optionally split, k-core filter, or convert it.") { spec, split, seed, kcore, skip, parquet, shop };
        command.SetAction(result =>
        {
            try
            {
                var options = new DataLoadOptions { SkipBadRows = result.GetValue(skip) };
                var text = result.GetValue(spec)!;
                // Outputs are checked before the load: a bad path must not cost a long load.
                if (result.GetValue(parquet) is { } parquetOut) AtomicFile.CheckFile(parquetOut);
                if (result.GetValue(shop) is { } shopOut) AtomicFile.CheckFolder(shopOut);
                Console.Error.WriteLine($"kit data: loading {text} ...");
                var k = result.GetValue(kcore);
                var parsed = DataSpec.Parse(text);
                // A sql: source is filtered to its k-core inside DuckDB, before it is loaded: logs larger than memory fit.
                var inSql = parsed.Kind == "sql" && k > 0;
                var data = inSql ? SqlPreparation.Load(parsed.Path, new SqlPreparationOptions { MinPerUser = k, MinPerItem = k }, options) : parsed.Load(options);
                if (data.Report is { } report) Console.WriteLine(report);
                if (inSql) Console.WriteLine($"{k}-core (in DuckDB): kept {data.Interactions.Count:N0} rows");
                else if (k > 0)
                {
                    data = KCore.Filter(data, k, k);
                    Console.WriteLine($"{k}-core: kept {data.Interactions.Count:N0} rows");
                }
                Describe(data);
                if (result.GetValue(split) is { } splitText)
                {
                    var parts = SplitSpec.Parse(splitText).Apply(data, result.GetValue(seed));
                    Console.WriteLine($"split {splitText}: {parts}");
                    Console.WriteLine($"  test users: {CountUsers(parts.Test):N0}, train users: {CountUsers(parts.Train):N0}");
                }
                if (result.GetValue(parquet) is { } parquetPath) { ToParquet(data, parquetPath); Console.Error.WriteLine($"kit data: wrote {parquetPath}"); }
                if (result.GetValue(shop) is { } shopDir) { ToShop(data, shopDir); Console.Error.WriteLine($"kit data: wrote {shopDir}/{ShopCsv.EventsFile} ..."); }
                return 0;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or IOException or SqlQueryException
                                          or InvalidOperationException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"kit data: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    // Conversions are written to a temporary name, read back with the kit's own loader, and only then renamed into
    // place: the kit never leaves a file it would refuse to read.
    private static void ToParquet(Dataset data, string path)
    {
        if (data.Interactions.Count == 0) throw new InvalidOperationException($"{path}: the dataset has no interactions; nothing to write.");
        var full = AtomicFile.CheckFile(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileNameWithoutExtension(full)}.{Guid.NewGuid():N}.tmp.parquet");
        try
        {
            ParquetIO.Write(data, temp);
            Verify(DataSpec.Load("parquet:" + temp), data, path);
            File.Move(temp, full, overwrite: true);
        }
        finally { if (File.Exists(temp)) File.Delete(temp); }
    }

    private static void ToShop(Dataset data, string dir)
    {
        var full = AtomicFile.CheckFolder(dir);
        var temp = Path.Combine(full, $".kit-shop-{Guid.NewGuid():N}.tmp");
        try
        {
            ShopCsv.Write(data, temp);
            Verify(ShopCsv.Load(temp), data, dir);
            foreach (var file in Directory.GetFiles(temp)) File.Move(file, Path.Combine(full, Path.GetFileName(file)), overwrite: true);
        }
        finally { if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true); }
    }

    private static void Verify(Dataset back, Dataset data, string path)
    {
        // Rows, not id counts: ids without interactions (cold users in a catalogue) are not stored in the events.
        if (back.Interactions.Count != data.Interactions.Count)
            throw new InvalidDataException($"{path}: reading the written data back gave {back.Interactions.Count:N0} rows instead of {data.Interactions.Count:N0}; nothing was written.");
    }

    private static void Describe(Dataset data)
    {
        var log = data.Interactions;
        Console.WriteLine(data);
        var byKind = new long[4];
        foreach (var kind in log.Kinds) byKind[(int)kind]++;
        Console.WriteLine($"  rows by kind: view {byKind[0]:N0}, cart {byKind[1]:N0}, purchase {byKind[2]:N0}, rating {byKind[3]:N0}");
        if (log.Count > 0)
        {
            long min = long.MaxValue, max = long.MinValue;
            foreach (var t in log.Timestamps) { min = Math.Min(min, t); max = Math.Max(max, t); }
            if (max > 0)
                Console.WriteLine($"  time: {Date(min)} .. {Date(max)}");
            var perUser = log.CountPerUser(data.UserCount).Where(c => c > 0).Order().ToArray();
            Console.WriteLine($"  rows per active user: median {perUser[perUser.Length / 2]}, max {perUser[^1]:N0}; density {log.Count / ((double)data.UserCount * data.ItemCount):P3}");
        }
        if (data.Items is { } items)
            Console.WriteLine($"  catalog: {items.CategoryNames.Count:N0} categories, {items.BrandNames.Count:N0} brands, prices {(items.HasPrices ? "yes" : "no")}, " +
                $"titles {(Array.Exists(items.Title, t => t is not null) ? "yes" : "no")}, tags {items.TagNames.Count:N0}");
        if (data.Users is { } users)
            Console.WriteLine($"  user attributes: {string.Join(", ", users.CategoricalColumns.Concat(users.NumericColumns))}");
    }

    private static int CountUsers(Dataset d) => d.Interactions.CountPerUser(d.UserCount).Count(c => c > 0);

    private static string Date(long unix) =>
        DateTimeOffset.FromUnixTimeSeconds(unix).UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
