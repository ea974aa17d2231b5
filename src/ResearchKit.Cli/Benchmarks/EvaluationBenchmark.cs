using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Evaluation;
using ResearchKit.Models;
using ResearchKit.Numerics;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// End-to-end full-catalogue top-10 evaluation of a factor model (f = 64, random factors) scored with
/// <see cref="Blas.Sgemm"/> through <see cref="IBatchScorer"/>: scoring, seen-item masking, top-k and every metric.
/// </summary>
internal sealed class EvaluationBenchmark : IBenchmark
{
    public string Name => "eval";

    public string Description => "full-catalogue top-10 evaluation, factor model f=64 (100k users × 50k items; --quick 5k × 5k)";

    public void Run(BenchContext context)
    {
        var (users, items) = context.Quick ? (5_000, 5_000) : (100_000, 50_000);
        const int Factors = 64, TrainPerUser = 10, TestPerUser = 2, K = 10;
        var (train, test) = Data(users, items, TrainPerUser, TestPerUser, context.Seed);
        var set = new TrainingSet(train);
        var model = new RandomFactorModel(Factors, context.Seed);
        model.Fit(set);
        _ = set.ItemUsers; // build shared matrices outside the timings
        var all = Enumerable.Range(0, users).ToArray();
        BatchRecommender.RecommendAll(model, set, all[..Math.Min(users, 2048)], K); // warm-up (JIT, pools)

        var clock = Stopwatch.StartNew();
        BatchRecommender.RecommendAll(model, set, all, K);
        var kernel = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var accuracy = Evaluator.Evaluate(model, set, test, new EvaluationOptions { K = K, Auc = false, BeyondAccuracy = false });
        var accuracySeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var full = Evaluator.Evaluate(model, set, test, new EvaluationOptions { K = K });
        var fullSeconds = clock.Elapsed.TotalSeconds;
        var gflops = 2.0 * Factors * items * users / kernel / 1e9;
        context.Out.WriteLine($"- {users:N0} users × {items:N0} items, f={Factors}, {TrainPerUser} train items/user masked, {Environment.ProcessorCount} threads");
        context.Out.WriteLine($"- RecommendAll (Sgemm scoring + mask + top-{K}): {users / kernel:N0} users/s ({kernel:F2} s, {gflops:F1} GFLOP/s effective)");
        context.Out.WriteLine($"- Evaluate, accuracy metrics (precision/recall/hit/mrr/ndcg/map@k/map): {accuracy.UserCount / accuracySeconds:N0} users/s ({accuracySeconds:F2} s)");
        context.Out.WriteLine($"- Evaluate, every metric (+ auc, novelty, arp, diversity, serendipity, coverage, gini): {full.UserCount / fullSeconds:N0} users/s ({fullSeconds:F2} s); ndcg@10 = {full["ndcg@10"]:F5} (random factors)");
    }

    private static (Dataset Train, Dataset Test) Data(int users, int items, int trainPerUser, int testPerUser, int seed)
    {
        var rng = new Random(seed);
        var userIds = new IdMap(users); for (var u = 0; u < users; u++) userIds.GetOrAdd(u);
        var itemIds = new IdMap(items); for (var i = 0; i < items; i++) itemIds.GetOrAdd(i);
        var train = new InteractionsBuilder(users * trainPerUser); var test = new InteractionsBuilder(users * testPerUser);
        for (var u = 0; u < users; u++)
        {
            for (var j = 0; j < trainPerUser; j++) train.Add(u, rng.Next(items));
            for (var j = 0; j < testPerUser; j++) test.Add(u, rng.Next(items));
        }
        return (new Dataset("bench", train.Build(), userIds, itemIds), new Dataset("bench", test.Build(), userIds, itemIds));
    }
}

/// <summary>A factor model with random N(0, 1/f) user/item factors: score(u, i) = p_u · q_i, batch-scored with one Sgemm.</summary>
internal sealed class RandomFactorModel(int factors, int seed) : RecommenderBase, IBatchScorer
{
    private float[] _users = [];
    private float[] _items = [];
    private readonly ThreadLocal<float[]> _gather = new(() => []);

    public override string Name => "random-factors";

    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var rng = new Random(seed);
        _users = Fill(train.UserCount * factors, rng);
        _items = Fill(train.ItemCount * factors, rng);
    }

    private float[] Fill(int n, Random rng)
    {
        var a = new float[n];
        var scale = 1 / MathF.Sqrt(factors);
        for (var i = 0; i < n; i++) a[i] = (float)(rng.NextDouble() * 2 - 1) * scale;
        return a;
    }

    protected override void ScoreCore(int user, Span<float> scores) =>
        Blas.Sgemv(false, ItemCount, factors, 1f, _items, factors, _users.AsSpan(user * factors, factors), 0f, scores);

    public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores)
    {
        // Gather the block's user factors into a per-thread buffer (no per-call allocation once warm).
        var need = users.Length * factors;
        var gather = _gather.Value!;
        if (gather.Length < need) _gather.Value = gather = new float[need];
        for (var j = 0; j < users.Length; j++) _users.AsSpan(users[j] * factors, factors).CopyTo(gather.AsSpan(j * factors));
        Blas.Sgemm(false, true, users.Length, ItemCount, factors, 1f, gather, factors, _items, factors, 0f, scores, ItemCount);
    }
}
