using System.Diagnostics;
using ResearchKit.Data.Splitting;
using ResearchKit.Data.Synthetic;
using ResearchKit.Models;
using ResearchKit.Models.Deep;
using ResearchKit.Models.Deep.Torch;
using TorchSharp;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// SASRec training throughput (predicted positions per second: one positive and its negatives each) with the paper's
/// defaults (d 50, 2 blocks, 1 head, n 50, batch 128) on the leave-last training part of the default synthetic shop,
/// on the CPU at 1 and 2 LibTorch threads in the same run, with the process's peak RSS (grows if a step leaks tensors).
/// </summary>
internal sealed class SasRecBenchmark : IBenchmark
{
    public string Name => "sasrec";

    public string Description => "SASRec training examples/s (paper defaults, synthetic shop, leave-last:1), 1 and 2 threads";

    public void Run(BenchContext context)
    {
        var shop = SyntheticShop.Generate(context.Quick ? new SyntheticShopOptions { Users = 500, Items = 200, Seed = context.Seed } : new SyntheticShopOptions { Seed = context.Seed });
        var train = new TrainingSet(Splits.LeaveLast(shop.Dataset, 1).Train);
        var epochs = context.Quick ? 1 : 3;
        TorchRuntime.EnsureLoaded();
        var saved = torch.get_num_threads();
        foreach (var threads in new[] { 1, Math.Max(2, Environment.ProcessorCount) }.Distinct())
        {
            torch.set_num_threads(threads);
            try
            {
                var model = new SasRecRecommender(new SasRecOptions { Epochs = epochs, Seed = context.Seed, Device = "cpu" });
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                model.Fit(train);
                var (wall, cpuSeconds) = (clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                context.Out.WriteLine($"- {train.UserCount:N0} users × {train.ItemCount:N0} items, {train.Data.Interactions.Count:N0} training events, {threads} thread(s), {epochs} epoch(s): " +
                    $"sasrec {model.ExamplesPerSecond:N0} examples/s (training loop), fit {wall:F1} s wall / {cpuSeconds:F1} s CPU, " +
                    $"loss {model.LossHistory[0]:F3} → {model.LossHistory[^1]:F3}; peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MB");
            }
            finally { torch.set_num_threads(saved); }
        }
    }
}
