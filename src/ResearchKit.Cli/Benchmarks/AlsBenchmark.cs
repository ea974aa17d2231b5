using System.Diagnostics;
using ResearchKit.Models;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Seconds per ALS iteration (f = 64, 3 CG steps) on a synthetic power-law implicit matrix, and the achieved
/// GFLOP/s by the count 10f²(m+n) + 32f·nnz per iteration.
/// </summary>
internal sealed class AlsBenchmark : IBenchmark
{
    public string Name => "als";

    public string Description => "implicit ALS (CG, f=64): s/iteration and GFLOP/s on 100k users × 20k items × 2M interactions (RK_BENCH_LARGE=1: 1M × 100k × 20M)";

    public void Run(BenchContext context)
    {
        var (users, items, nnz) = context.Quick ? (10_000, 2_000, 200_000) : (100_000, 20_000, 2_000_000);
        var large = Environment.GetEnvironmentVariable("RK_BENCH_LARGE") == "1";
        if (large && !context.Quick) (users, items, nnz) = (1_000_000, 100_000, 20_000_000);
        var train = CfBenchSupport.ImplicitMatrix(users, items, nnz, context.Seed);
        nnz = train.UserItems.Nnz;
        const int f = 64;
        var threads = int.TryParse(Environment.GetEnvironmentVariable("RK_BENCH_THREADS"), out var t) && t > 0 ? t : Environment.ProcessorCount;
        new AlsRecommender(new AlsOptions { Factors = f, Iterations = 1, Threads = threads }).Fit(CfBenchSupport.ImplicitMatrix(2_000, 500, 20_000, 1)); // JIT warm-up
        var iterations = context.Quick ? 3 : large ? 4 : 6;
        var times = new List<double>(); var cpu = new List<double>();
        var sw = new Stopwatch();
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var model = new AlsRecommender(new AlsOptions { Factors = f, Iterations = iterations, Threads = threads });
        var progress = new SyncProgress<FitProgress>(_ =>
        {
            times.Add(sw.Elapsed.TotalSeconds); sw.Restart();
            process.Refresh();
            var now = process.TotalProcessorTime;
            cpu.Add((now - cpu0).TotalSeconds); cpu0 = now;
        });
        sw.Start();
        model.Fit(train, progress);
        // The first interval also holds the setup (confidence matrices, initial factors): reported apart.
        var best = times.Skip(1).Min(); var mean = times.Skip(1).Average(); var cpuMean = cpu.Skip(1).Average();
        var flops = (10.0 * f * f * (users + items)) + (32.0 * f * nnz);
        context.Out.WriteLine($"- ALS f={f}, CG 3 steps, {users:N0} users × {items:N0} items × {nnz:N0} nnz, {threads} threads: " +
            $"{mean:F3} s/iteration mean of iterations 2–{iterations}, {best:F3} best (setup + iteration 1: {times[0]:F3} s); {flops / best / 1e9:F1} GFLOP/s at best ({flops / 1e9:F1} GFLOP per iteration); " +
            $"{cpuMean:F3} CPU-s/iteration = {flops / cpuMean / 1e9:F1} GFLOP per core-second (load average {LoadAverage()})");
    }

    /// <summary>The 1-minute load average (Linux), to judge contention on a shared machine.</summary>
    internal static string LoadAverage()
    {
        try { return File.ReadAllText("/proc/loadavg").Split(' ')[0]; }
        catch (IOException) { return "n/a"; }
        catch (UnauthorizedAccessException) { return "n/a"; }
    }
}
