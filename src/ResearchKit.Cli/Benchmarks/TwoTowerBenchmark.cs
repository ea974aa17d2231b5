using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Models;
using ResearchKit.Models.Deep;
using ResearchKit.Models.Deep.Torch;
using TorchSharp;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Two-tower training throughput (positive pairs per second) with id embeddings only, dim 64, towers [128, 64],
/// batch 1024, in-batch softmax with logQ, on the CPU — beside a plain TorchSharp loop of the same architecture
/// (<see cref="PlainTorchTwoTower"/>) in the same run, at 1 and 2 LibTorch threads. Also prints the process's peak RSS,
/// which grows over epochs if a training step leaks native tensors.
/// </summary>
internal sealed class TwoTowerBenchmark : IBenchmark
{
    public string Name => "twotower";

    public string Description => "two-tower training examples/s (id embeddings, dim 64, towers [128,64], batch 1024)";

    public void Run(BenchContext context)
    {
        var (users, items, pairs) = context.Quick ? (5_000, 2_000, 50_000) : (50_000, 20_000, 500_000);
        var train = new TrainingSet(Synthetic(users, items, pairs, context.Seed));
        var m = train.UserItems;
        var pairUsers = new int[m.Nnz]; var pairItems = new int[m.Nnz];
        for (int u = 0, p = 0; u < m.Rows; u++) foreach (var i in m.RowIndices(u)) { pairUsers[p] = u; pairItems[p++] = i; }
        TorchRuntime.EnsureLoaded();
        var saved = torch.get_num_threads();
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            torch.set_num_threads(threads);
            try
            {
                // Epoch 1 warms up the JIT and LibTorch's allocator; epoch 2 is the figure.
                var model = new TwoTowerRecommender(new TwoTowerOptions { Dim = 64, Tower = [128, 64], BatchSize = 1024, Epochs = 2, Seed = context.Seed, Device = "cpu" });
                model.Fit(train);
                var last = model.History[^1];
                var (plain, plainCpu) = PlainTorchTwoTower.Train(pairUsers, pairItems, users, items, 1024, 2, context.Seed);
                context.Out.WriteLine($"- {users:N0} users × {items:N0} items, {m.Nnz:N0} pairs, {threads} thread(s): " +
                    $"kit twotower {last.ExamplesPerSecond:N0} examples/s (epoch 2; epoch 1 {model.History[0].ExamplesPerSecond:N0}), " +
                    $"{m.Nnz / last.CpuSeconds:N0} per CPU-second; plain TorchSharp loop {plain:N0} examples/s, {plainCpu:N0} per CPU-second; " +
                    $"kit/plain {last.ExamplesPerSecond / plain:F2}× (per CPU-second {m.Nnz / last.CpuSeconds / plainCpu:F2}×); " +
                    $"peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / (1 << 20):N0} MB");
            }
            finally { torch.set_num_threads(saved); }
        }
    }

    /// <summary>Random pairs with a Zipf-like item popularity (exponent ≈ 1), as in e-commerce logs.</summary>
    private static Dataset Synthetic(int users, int items, int pairs, int seed)
    {
        var rng = new Random(seed);
        var cumulative = new double[items];
        var total = 0.0;
        for (var i = 0; i < items; i++) cumulative[i] = total += 1.0 / (i + 10);
        var b = new InteractionsBuilder(pairs);
        for (var p = 0; p < pairs; p++)
        {
            var item = Array.BinarySearch(cumulative, rng.NextDouble() * total);
            b.Add(rng.Next(users), item < 0 ? ~item : item);
        }
        return new Dataset("bench", b.Build(), new IdMap(Enumerable.Range(0, users).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            new IdMap(Enumerable.Range(0, items).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
