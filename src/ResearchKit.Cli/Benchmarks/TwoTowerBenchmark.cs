using ResearchKit.Data;
using ResearchKit.Models;
using ResearchKit.Models.Deep;
using ResearchKit.Numerics;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Two-tower training throughput (positive pairs per second) with id embeddings only, dim 64, towers [128, 64],
/// batch 1024, in-batch softmax with logQ — the configuration compared with PyTorch on the same CPU.
/// </summary>
internal sealed class TwoTowerBenchmark : IBenchmark
{
    public string Name => "twotower";

    public string Description => "two-tower training examples/s (id embeddings, dim 64, towers [128,64], batch 1024)";

    public void Run(BenchContext context)
    {
        var (users, items, pairs) = context.Quick ? (5_000, 2_000, 50_000) : (50_000, 20_000, 500_000);
        var train = new TrainingSet(Synthetic(users, items, pairs, context.Seed));
        foreach (var threads in new[] { 1, Environment.ProcessorCount }.Distinct())
        {
            var saved = Blas.MaxDegreeOfParallelism;
            Blas.MaxDegreeOfParallelism = threads;
            try
            {
                // Epoch 1 warms up the JIT and the allocator; epoch 2 is the figure.
                var model = new TwoTowerRecommender(new TwoTowerOptions { Dim = 64, Tower = [128, 64], BatchSize = 1024, Epochs = 2, Seed = context.Seed });
                model.Fit(train);
                var last = model.History[^1];
                context.Out.WriteLine($"- {users:N0} users × {items:N0} items, {train.UserItems.Nnz:N0} pairs, {threads} thread(s): " +
                    $"{last.ExamplesPerSecond:N0} examples/s wall-clock (epoch 2; epoch 1 {model.History[0].ExamplesPerSecond:N0}); " +
                    $"{train.UserItems.Nnz / last.CpuSeconds:N0} examples per CPU-second (process CPU time, robust to a busy machine)");
            }
            finally { Blas.MaxDegreeOfParallelism = saved; }
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
