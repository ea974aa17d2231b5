using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Data.DuckDb;
using ResearchKit.Data.Files;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Parquet write and read of 1M and 10M interactions with Parquet.Net (the kit's engine), and, on the same file in
/// the same run, DuckDB reading it (an aggregate over every column, and the <c>sql:</c> loader building the same dataset).
/// </summary>
internal sealed class ParquetBenchmark : IBenchmark
{
    public string Name => "parquet";

    public string Description => "Parquet.Net write/read of 1M and 10M interactions; DuckDB scanning and loading the same file";

    public void Run(BenchContext context)
    {
        int[] sizes = context.Quick ? [100_000] : [1_000_000, 10_000_000];
        foreach (var rows in sizes)
        {
            var data = Generate(rows, context.Seed);
            var path = Path.Combine(Path.GetTempPath(), $"rk-bench-{Environment.ProcessId}.parquet");
            try
            {
                ParquetIO.Write(Generate(1000, 1), path); ParquetIO.Load(path);   // warm-up (JIT)
                var write = Time(() => ParquetIO.Write(data, path));
                var mb = new FileInfo(path).Length / 1e6;
                var read = Time(() => ParquetIO.Load(path));
                var scan = Time(() => Sql.Query($"SELECT count(*), sum(value), max(timestamp), count(DISTINCT \"user\"), count(DISTINCT item), count(DISTINCT kind) FROM read_parquet({Sql.Literal(path)})"));
                // The sql: loader reads cell by cell through ADO.NET (~10 µs a row here): timed at 1M only.
                var sqlLoad = rows <= 1_000_000 ? $"{Time(() => SqlLoader.Load($"SELECT * FROM read_parquet({Sql.Literal(path)})")):F2} s" : "not timed";
                context.Out.WriteLine($"- parquet {rows:N0} interactions ({data.UserCount:N0} users, {data.ItemCount:N0} items; {mb:F1} MB Snappy): " +
                    $"Parquet.Net write {write:F2} s, read into a Dataset {read:F2} s; DuckDB scan of every column {scan:F2} s, sql: loader into a Dataset {sqlLoad} (best of 2)");
            }
            finally { File.Delete(path); }
        }
    }

    private static double Time(Action action)
    {
        var best = double.MaxValue;
        for (var rep = 0; rep < 2; rep++)
        {
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return best;
    }

    /// <summary>A log of <paramref name="rows"/> events over rows/20 users and rows/100 items, text ids, every kind.</summary>
    internal static Dataset Generate(int rows, int seed)
    {
        var rng = new Random(seed);
        int users = Math.Max(1, rows / 20), items = Math.Max(1, rows / 100);
        var b = new InteractionsBuilder(rows);
        for (var r = 0; r < rows; r++)
            b.Add(rng.Next(users), rng.Next(items), rng.Next(1, 11) / 2f, 1_600_000_000 + r, (EventKind)rng.Next(4));
        return new Dataset("bench", b.Build(), new IdMap(Enumerable.Range(0, users).Select(u => "u" + u)), new IdMap(Enumerable.Range(0, items).Select(i => "i" + i)));
    }
}
