using System.Diagnostics;
using System.Globalization;
using ResearchKit.Data;
using ResearchKit.Data.Synthetic;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Loading speed of the CSV loader (1M rating rows) and generation speed of the synthetic shop.</summary>
internal sealed class CsvBenchmark : IBenchmark
{
    public string Name => "csv";

    public string Description => "load 1M rows of user,item,rating,timestamp CSV; generate the default synthetic shop";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    public void Run(BenchContext context)
    {
        var rows = context.Quick ? 100_000 : 1_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"rk-bench-{Environment.ProcessId}.csv");
        try
        {
            var rng = new Random(context.Seed);
            using (var w = new StreamWriter(path))
            {
                w.WriteLine("user,item,rating,timestamp");
                for (var r = 0; r < rows; r++)
                    w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rng.Next(70_000)},{rng.Next(10_000)},{rng.Next(1, 11) / 2.0},{978_300_000 + r}"));
            }
            var mb = new FileInfo(path).Length / 1e6;
            var spec = $"csv:{path}?value=rating&time=timestamp";
            DataSpec.Load(spec, new DataLoadOptions { MaxRows = 1000 });   // warm-up (JIT)
            var best = double.MaxValue; var bestCpu = double.MaxValue; Dataset? data = null;
            for (var rep = 0; rep < 3; rep++)
            {
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                data = DataSpec.Load(spec);
                best = Math.Min(best, sw.Elapsed.TotalSeconds);
                bestCpu = Math.Min(bestCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
            }
            // The loader is single-threaded; CPU time (all threads, GC included) is reported too because wall time
            // on a shared machine includes waiting for a core.
            context.Out.WriteLine($"- csv load: {rows:N0} rows ({mb:F1} MB, {data!.UserCount:N0} users, {data.ItemCount:N0} items) in {best:F3} s wall, {bestCpu:F3} s CPU (best of 3) = {rows / best / 1e6:F2} M rows/s; load average {LoadAverage()}");
        }
        finally { File.Delete(path); }

        SyntheticShop.Generate(new SyntheticShopOptions { Users = 200, Items = 100 });
        var options = context.Quick ? new SyntheticShopOptions { Users = 1_000, Items = 500 } : new SyntheticShopOptions();
        var timer = Stopwatch.StartNew();
        var shop = SyntheticShop.Generate(options);
        context.Out.WriteLine($"- synthetic shop ({options.Users:N0} users, {options.Items:N0} items): {shop.Dataset.Interactions.Count:N0} events in {timer.Elapsed.TotalSeconds:F3} s");
        if (!context.Quick)
        {
            var big = options with { Users = 50_000 };
            timer.Restart();
            shop = SyntheticShop.Generate(big);
            context.Out.WriteLine($"- synthetic shop ({big.Users:N0} users, {big.Items:N0} items): {shop.Dataset.Interactions.Count:N0} events in {timer.Elapsed.TotalSeconds:F3} s");
        }
    }
}
