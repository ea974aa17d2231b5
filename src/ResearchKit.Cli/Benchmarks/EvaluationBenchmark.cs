using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Evaluation;
using ResearchKit.Models;
using ResearchKit.Numerics;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// End-to-end full-catalogue top-10 evaluation of a factor model (f = 64, random factors): scoring, seen-item masking,
/// top-k and every metric, through the fused score-and-select kernel (<see cref="IFactorScorer"/>), with the
/// Sgemm-then-select path (<see cref="Blas.Sgemm"/> through <see cref="IBatchScorer"/>) timed beside it.
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

        var gemmOnly = new GemmThenSelect(model);
        BatchRecommender.RecommendAll(gemmOnly, set, all[..Math.Min(users, 2048)], K);
        foreach (var block in new[] { 64, 256 })
        {
            var (wall, cpu) = Time(() => BatchRecommender.RecommendAll(gemmOnly, set, all, K, blockSize: block));
            context.Out.WriteLine($"- RecommendAll, Sgemm then mask + select, {block}-user blocks: {users / wall:N0} users/s wall, {users / cpu:N0} users per CPU-second");
        }
        var kernel = double.MaxValue; var kernelCpu = 0.0; var bestBlock = 0;
        foreach (var block in new[] { 256, BatchRecommender.FusedBlockSize })
        {
            var (wall, cpu) = Time(() => BatchRecommender.RecommendAll(model, set, all, K, blockSize: block));
            context.Out.WriteLine($"- RecommendAll, fused score + select, {block}-user blocks: {users / wall:N0} users/s wall, {users / cpu:N0} users per CPU-second");
            if (wall < kernel) (kernel, kernelCpu, bestBlock) = (wall, cpu, block);
        }
        var accuracyOptions = new EvaluationOptions { K = K, Auc = false, BeyondAccuracy = false };
        EvaluationReport accuracy = null!, full = null!;
        var (accuracySeconds, accuracyCpu) = Time(() => accuracy = Evaluator.Evaluate(model, set, test, accuracyOptions));
        var (aucWall, aucCpu) = Time(() => Evaluator.Evaluate(model, set, test, accuracyOptions with { Auc = true }));
        var (beyondWall, beyondCpu) = Time(() => Evaluator.Evaluate(model, set, test, accuracyOptions with { BeyondAccuracy = true }));
        var (fullSeconds, fullCpu) = Time(() => full = Evaluator.Evaluate(model, set, test, new EvaluationOptions { K = K }));
        var gflops = 2.0 * Factors * items * users / kernel / 1e9;
        context.Out.WriteLine($"- {users:N0} users × {items:N0} items, f={Factors}, {TrainPerUser} train items/user masked, {Environment.ProcessorCount} threads");
        context.Out.WriteLine($"- RecommendAll (fused scoring + mask + top-{K}, {bestBlock}-user blocks): {users / kernel:N0} users/s ({kernel:F2} s wall, {kernelCpu:F2} CPU-s, {gflops:F1} GFLOP/s effective)");
        var n = accuracy.UserCount;
        // Per-user metric costs in isolation (single thread): AUC over one full score row, and the list metrics.
        var row = new float[items];
        model.Score(0, row);
        var rel = accuracy.Relevant.RowIndices(accuracy.Users[0]).ToArray();
        var seen = set.UserItems.RowIndices(accuracy.Users[0]).ToArray();
        var reps = context.Quick ? 2_000 : 5_000;
        var aucClock = Stopwatch.StartNew();
        for (var r = 0; r < reps; r++) ResearchKit.Evaluation.Metrics.RankingMetrics.Auc(row, rel, seen);
        var aucMicros = aucClock.Elapsed.TotalMicroseconds / reps;
        var list = accuracy.Recommendations.Items(0).ToArray();
        var listClock = Stopwatch.StartNew();
        double sink = 0;
        for (var r = 0; r < reps * 10; r++)
        {
            sink += ResearchKit.Evaluation.Metrics.RankingMetrics.Ndcg(list, rel, K) + ResearchKit.Evaluation.Metrics.RankingMetrics.Map(list, rel, K)
                + ResearchKit.Evaluation.Metrics.RankingMetrics.Precision(list, rel, K) + ResearchKit.Evaluation.Metrics.RankingMetrics.MapAtK(list, rel, K);
        }
        var listMicros = listClock.Elapsed.TotalMicroseconds / (reps * 10);
        context.Out.WriteLine($"- per user, one thread: auc over {items:N0} scores ({rel.Length} relevant) {aucMicros:F1} µs; ndcg+map+map@k+precision {listMicros:F2} µs{(sink < 0 ? "!" : "")}");
        context.Out.WriteLine($"- Evaluate, accuracy metrics (precision/recall/hit/mrr/ndcg/map@k/map): {n / accuracySeconds:N0} users/s wall, {n / accuracyCpu:N0} per CPU-second");
        context.Out.WriteLine($"- Evaluate, accuracy + auc: {n / aucWall:N0} users/s wall, {n / aucCpu:N0} per CPU-second");
        context.Out.WriteLine($"- Evaluate, accuracy + beyond-accuracy: {n / beyondWall:N0} users/s wall, {n / beyondCpu:N0} per CPU-second");
        context.Out.WriteLine($"- Evaluate, every metric (+ auc, novelty, arp, diversity, serendipity, coverage, gini): {n / fullSeconds:N0} users/s wall ({fullSeconds:F2} s), {n / fullCpu:N0} per CPU-second; ndcg@10 = {full["ndcg@10"]:F5} (random factors)");
    }

    private static (double Wall, double Cpu) Time(Action action)
    {
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        var wall = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - cpu0).TotalSeconds);
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

/// <summary>Hides a model's <see cref="IFactorScorer"/> side, so the batch kernel scores blocks with one Sgemm and then selects.</summary>
internal sealed class GemmThenSelect(RandomFactorModel model) : IRecommender, IBatchScorer
{
    public string Name => model.Name;

    public void Fit(TrainingSet train, IProgress<FitProgress>? progress = null, CancellationToken ct = default) => model.Fit(train, progress, ct);

    public void Score(int user, Span<float> scores) => model.Score(user, scores);

    public Recommendations Recommend(int user, int k, RecommendFilter? filter = null) => model.Recommend(user, k, filter);

    public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores) => model.ScoreBatch(users, scores);
}

/// <summary>A factor model with random N(0, 1/f) user/item factors: score(u, i) = p_u · q_i, batch-scored with one Sgemm.</summary>
internal sealed class RandomFactorModel(int factors, int seed) : RecommenderBase, IFactorScorer
{
    public int Factors => factors;

    public ReadOnlySpan<float> ItemFactors => _items;

    public ReadOnlySpan<float> ItemBias => [];

    public void GatherUserVectors(ReadOnlySpan<int> users, Span<float> vectors, Span<float> offsets)
    {
        for (var j = 0; j < users.Length; j++) _users.AsSpan(users[j] * factors, factors).CopyTo(vectors.Slice(j * factors));
        offsets[..users.Length].Clear();
    }

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
