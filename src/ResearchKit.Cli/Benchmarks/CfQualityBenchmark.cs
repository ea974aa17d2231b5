using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Data.Synthetic;
using ResearchKit.Models;
using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Experiments;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Top-10 quality of the CF models with their defaults on the MovieLens-100k-shaped planted-taste fixture, under the
/// Microsoft Recommenders protocol (stratified 75/25, seed 42, seen items removed). Set RK_CF_MODELS to a model list
/// (e.g. "als(alpha=5),bpr(lr=0.1)") to compare other settings, as done when tuning the defaults.
/// </summary>
internal sealed class CfQualityBenchmark : IBenchmark
{
    public string Name => "cf-quality";

    public string Description => "nDCG/precision/recall/MAP@10 of the CF defaults on a MovieLens-100k-shaped planted-taste fixture (stratified 75/25, seed 42)";

    public void Run(BenchContext context)
    {
        var o = context.Out;
        var data = PlantedTasteData.Generate(context.Quick ? new PlantedTasteOptions { Users = 200, Items = 300, Interactions = 10_000 } : null);
        var (train, test) = CfBenchSupport.Stratified(data, 0.75, 42);
        var ts = new TrainingSet(train);
        o.WriteLine($"- data: {data.Name}, {data.Interactions.Count:N0} ratings; train {train.Interactions.Count:N0}, test {test.Interactions.Count:N0}");
        var list = Environment.GetEnvironmentVariable("RK_CF_MODELS") ?? "random,pop,itemknn,itemknn(similarity=jaccard),ease,als,bpr,mf";
        o.WriteLine("| model | nDCG@10 | precision@10 | recall@10 | MAP@10 | fit s |");
        o.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var spec in ModelSpec.ParseList(list))
        {
            var (model, _) = ModelRegistry.Create(spec);
            var sw = Stopwatch.StartNew();
            model.Fit(ts);
            var fit = sw.Elapsed.TotalSeconds;
            var (p, r, n, m) = CfBenchSupport.TopK(model, test, 10);
            var extra = model is BiasedMfRecommender mf ? $" (test RMSE {Rmse(mf, test):F3})" : "";
            o.WriteLine($"| {spec}{extra} | {n:F3} | {p:F3} | {r:F3} | {m:F3} | {fit:F1} |");
        }
    }

    private static double Rmse(BiasedMfRecommender model, Dataset test)
    {
        var log = test.Interactions;
        double sq = 0;
        for (var r = 0; r < log.Count; r++) { var e = model.Predict(log.Users[r], log.Items[r]) - log.Values[r]; sq += e * e; }
        return Math.Sqrt(sq / log.Count);
    }
}
