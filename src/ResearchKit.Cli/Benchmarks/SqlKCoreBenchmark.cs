using System.Diagnostics;
using System.Globalization;
using ResearchKit.Data.DuckDb;
using ResearchKit.Data.Files;
using ResearchKit.Data.Splitting;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// The larger-than-memory path: a generated event log (Parquet, written by DuckDB) reduced to its 10-core with ids
/// mapped inside DuckDB (<see cref="SqlPreparation"/>), against the in-memory path (<see cref="ParquetIO.Load"/> then
/// <see cref="KCore.Filter"/>) on the same file. Events: <c>KIT_BENCH_EVENTS</c> (default 10M; quick 200k); the
/// in-memory peer runs only up to 20M. Peak memory is the process's resident high-water mark (VmHWM) of each phase,
/// reset between phases through /proc/self/clear_refs.
/// </summary>
internal sealed class SqlKCoreBenchmark : IBenchmark
{
    public string Name => "sqlkcore";

    public string Description => "10-core + id mapping of a generated event log in DuckDB vs in memory (KIT_BENCH_EVENTS, default 10M)";

    public void Run(BenchContext context)
    {
        var events = context.Quick ? 200_000L
            : long.TryParse(Environment.GetEnvironmentVariable("KIT_BENCH_EVENTS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 10_000_000L;
        var dir = Directory.CreateTempSubdirectory("rk-bench-kcore-").FullName;
        try
        {
            var path = Path.Combine(dir, "events.parquet");
            long users = Math.Max(10, events / 10), items = Math.Max(10, events / 200);
            var gen = Stopwatch.StartNew();
            // Skewed users and items (powers of a uniform draw), so the 10-core removes a long tail.
            Sql.Execute($"COPY (SELECT 'u' || CAST(floor(pow(random(), 1.5) * {users}) AS BIGINT) AS \"user\", " +
                $"'i' || CAST(floor(pow(random(), 2) * {items}) AS BIGINT) AS item, 1700000000 + i AS \"timestamp\", " +
                $"CASE WHEN random() < 0.85 THEN 'view' WHEN random() < 0.7 THEN 'cart' ELSE 'purchase' END AS kind " +
                $"FROM range({events}) t(i)) TO {Sql.Literal(path)} (FORMAT PARQUET)");
            var genSeconds = gen.Elapsed.TotalSeconds;
            var mb = new FileInfo(path).Length / 1e6;
            context.Out.WriteLine($"- generated {events:N0} events ({mb:F0} MB Parquet, up to {users:N0} users × {items:N0} items) in {genSeconds:F1} s");

            ResetPeak();
            var sw = Stopwatch.StartNew();
            var sql = SqlPreparation.Load($"SELECT * FROM read_parquet({Sql.Literal(path)})", new SqlPreparationOptions { MinPerUser = 10, MinPerItem = 10, MemoryLimit = MemoryLimit });
            var sqlSeconds = sw.Elapsed.TotalSeconds; var sqlPeak = PeakMb();
            context.Out.WriteLine($"- 10-core in DuckDB (memory_limit {MemoryLimit}) + load: {sql.Interactions.Count:N0} rows kept ({sql.UserCount:N0} users, {sql.ItemCount:N0} items) in {sqlSeconds:F1} s, peak RSS {sqlPeak:N0} MB");
            var kept = sql.Interactions.Count;
            sql = null!;
            GC.Collect();
            if (events > 20_000_000) return;
            ResetPeak();
            sw.Restart();
            var memory = KCore.Filter(ParquetIO.Load(path), 10, 10);
            var memSeconds = sw.Elapsed.TotalSeconds; var memPeak = PeakMb();
            context.Out.WriteLine($"- peer, in memory (ParquetIO.Load + KCore.Filter): {memory.Interactions.Count:N0} rows kept in {memSeconds:F1} s, peak RSS {memPeak:N0} MB" +
                (memory.Interactions.Count == kept ? " (same row count)" : $" (DIFFERENT row count: {kept:N0})"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    // DuckDB's own budget (it spills beyond it); the managed result comes on top.
    private const string MemoryLimit = "1GB";

    private static void ResetPeak()
    {
        GC.Collect();
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static long PeakMb()
    {
        if (!File.Exists("/proc/self/status")) return Environment.WorkingSet / 1_000_000;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024;
        return 0;
    }
}
