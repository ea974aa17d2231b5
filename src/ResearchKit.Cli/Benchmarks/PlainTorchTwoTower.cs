using System.Diagnostics;
using ResearchKit.Models.Deep.Torch;
using static TorchSharp.torch;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// The peer of <see cref="TwoTowerBenchmark"/>: the two-tower model written the way a TorchSharp tutorial would
/// (dense <c>nn.Embedding</c> tables, <c>nn.Sequential</c> MLPs, L2 normalisation, logits/τ minus logQ, cross-entropy,
/// one <c>optim.Adam</c> over everything), same architecture, batch and data as the kit's model.
/// </summary>
internal static class PlainTorchTwoTower
{
    /// <summary>Trains <paramref name="epochs"/> epochs on the pairs; returns the last epoch's (examples/s, examples per CPU-second).</summary>
    public static (double PerSecond, double PerCpuSecond) Train(int[] pairUsers, int[] pairItems, int users, int items, int batch, int epochs, int seed)
    {
        TorchRuntime.EnsureLoaded();
        manual_seed(seed);
        using var userEmbedding = nn.Embedding(users, 64);
        using var itemEmbedding = nn.Embedding(items, 64);
        using var userMlp = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64));
        using var itemMlp = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Linear(128, 64));
        var parameters = userEmbedding.parameters().Concat(itemEmbedding.parameters()).Concat(userMlp.parameters()).Concat(itemMlp.parameters());
        using var adam = optim.Adam(parameters, 0.02);
        var counts = new double[items];
        foreach (var i in pairItems) counts[i]++;
        using var logQ = tensor(counts.Select(c => (float)Math.Log(Math.Max(c, 1e-3) / pairItems.Length)).ToArray());   // (items)
        var rng = new Random(seed);
        var order = Enumerable.Range(0, pairUsers.Length).ToArray();
        (double, double) last = default;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            rng.Shuffle(order);
            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (var start = 0; start + 1 < order.Length; start += batch)
            {
                using var scope = NewDisposeScope();
                var b = Math.Min(batch, order.Length - start);
                var u = new long[b]; var v = new long[b];
                for (var k = 0; k < b; k++) { u[k] = pairUsers[order[start + k]]; v[k] = pairItems[order[start + k]]; }
                var itemIds = tensor(v);                                                             // (b)
                var uvec = nn.functional.normalize(userMlp.call(userEmbedding.call(tensor(u))), dim: 1); // (b, 64)
                var ivec = nn.functional.normalize(itemMlp.call(itemEmbedding.call(itemIds)), dim: 1);  // (b, 64)
                var logits = uvec.matmul(ivec.t()) / 0.05 - (logQ.index_select(0, itemIds) + Math.Log(b));  // (b, b)
                var loss = nn.functional.cross_entropy(logits, arange(b, ScalarType.Int64));
                adam.zero_grad();
                loss.backward();
                adam.step();
            }
            var seconds = sw.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            last = (order.Length / seconds, order.Length / cpuSeconds);
        }
        return last;
    }
}
