using System.Diagnostics;
using ResearchKit.Models;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Throughput of the shared top-k selection kernel on random scores.</summary>
internal sealed class TopKBenchmark : IBenchmark
{
    public string Name => "topk";

    public string Description => "top-10 selection over a 50k-item score vector (single thread)";

    public void Run(BenchContext context)
    {
        var items = context.Quick ? 5_000 : 50_000;
        var reps = context.Quick ? 200 : 5_000;
        var rng = new Random(context.Seed);
        var scores = new float[items];
        for (var i = 0; i < items; i++) scores[i] = (float)rng.NextDouble();
        var outItems = new int[10]; var outScores = new float[10];
        TopK.Select(scores, 10, outItems, outScores);
        var sw = Stopwatch.StartNew();
        for (var r = 0; r < reps; r++) TopK.Select(scores, 10, outItems, outScores);
        sw.Stop();
        var perSecond = reps / sw.Elapsed.TotalSeconds;
        context.Out.WriteLine($"- top-10 of {items:N0} scores: {perSecond:N0} selections/s ({items * perSecond / 1e9:F2} G scores/s)");
    }
}
