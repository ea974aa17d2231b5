using System.Diagnostics;
using ResearchKit.Models;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>BPR samples (SGD triples) per second at f = 64, Hogwild on every core, on the ALS benchmark's matrix.</summary>
internal sealed class BprBenchmark : IBenchmark
{
    public string Name => "bpr";

    public string Description => "BPR-MF (f=64, Hogwild, verified uniform negatives): samples/s on 100k users × 20k items × 2M interactions";

    public void Run(BenchContext context)
    {
        var (users, items, nnz) = context.Quick ? (10_000, 2_000, 200_000) : (100_000, 20_000, 2_000_000);
        var train = CfBenchSupport.ImplicitMatrix(users, items, nnz, context.Seed);
        nnz = train.UserItems.Nnz;
        var threads = Environment.ProcessorCount;
        new BprRecommender(new BprOptions { Iterations = 1 }).Fit(CfBenchSupport.ImplicitMatrix(2_000, 500, 20_000, 1)); // JIT warm-up
        var epochs = context.Quick ? 3 : 10;
        foreach (var t in threads > 1 ? new[] { 1, threads } : [1])
        {
            var times = new List<double>();
            var sw = new Stopwatch();
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var model = new BprRecommender(new BprOptions { Factors = 64, Iterations = epochs, Threads = t });
            sw.Start();
            model.Fit(train, new SyncProgress<FitProgress>(_ => { times.Add(sw.Elapsed.TotalSeconds); sw.Restart(); }));
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            // The first interval also holds the setup (packing the pairs, drawing the initial factors): reported apart.
            var steady = times.Skip(1).ToList();
            var best = steady.Min();
            context.Out.WriteLine($"- BPR f=64, {users:N0} × {items:N0} × {nnz:N0}, {t} thread(s): {nnz / steady.Average() / 1e6:F2} M samples/s mean of epochs 2–{epochs}, " +
                $"{nnz / best / 1e6:F2} M/s best; setup + epoch 1 {times[0]:F2} s; {(double)nnz * epochs / cpu / 1e6:F2} M samples per CPU-second over the fit " +
                $"(final triple accuracy {model.AccuracyHistory[^1]:P1}; load average {AlsBenchmark.LoadAverage()})");
        }
    }
}
