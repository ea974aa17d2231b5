using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Tests.Evaluation;

/// <summary>Hand-built data and fixed-score models shared by the evaluation tests.</summary>
internal static class EvaluationFixtures
{
    /// <summary>
    /// 4 users × 6 items. Train: u0 {0,1}, u1 {2}, u2 {0}, u3 {1}. Test: u0 {2,3}, u1 {0}, u3 {5}; u2 has no test items.
    /// </summary>
    public static (Dataset Train, Dataset Test) Tiny()
    {
        var users = new IdMap(["u0", "u1", "u2", "u3"]);
        var items = new IdMap(["i0", "i1", "i2", "i3", "i4", "i5"]);
        var train = new InteractionsBuilder();
        foreach (var (u, i) in new[] { (0, 0), (0, 1), (1, 2), (2, 0), (3, 1) }) train.Add(u, i);
        var test = new InteractionsBuilder();
        foreach (var (u, i) in new[] { (0, 2), (0, 3), (1, 0), (3, 5), (0, 3) }) test.Add(u, i);
        return (new Dataset("tiny", train.Build(), users, items), new Dataset("tiny", test.Build(), users, items));
    }

    /// <summary>Random train/test over <paramref name="users"/> × <paramref name="items"/>, shared id maps.</summary>
    public static (Dataset Train, Dataset Test) Random(int users, int items, int perUser, int seed)
    {
        var rng = new Random(seed);
        var userIds = new IdMap(Enumerable.Range(0, users).Select(u => $"u{u}"));
        var itemIds = new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}"));
        var train = new InteractionsBuilder(); var test = new InteractionsBuilder();
        for (var u = 0; u < users; u++)
            for (var j = 0; j < perUser; j++)
            {
                // Skewed popularity: low ids are popular.
                var item = (int)(items * Math.Pow(rng.NextDouble(), 2));
                (rng.NextDouble() < 0.75 ? train : test).Add(u, item);
            }
        return (new Dataset("random", train.Build(), userIds, itemIds), new Dataset("random", test.Build(), userIds, itemIds));
    }
}

/// <summary>Scores every item by a fixed row-major matrix (users × items); optionally a batch scorer.</summary>
internal class FixedScoreModel(float[,] scores) : RecommenderBase
{
    public override string Name => "fixed";

    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct) { }

    protected override void ScoreCore(int user, Span<float> s)
    {
        for (var i = 0; i < s.Length; i++) s[i] = scores[user, i];
    }

    public static float[,] SameForAll(int users, params float[] row)
    {
        var m = new float[users, row.Length];
        for (var u = 0; u < users; u++) for (var i = 0; i < row.Length; i++) m[u, i] = row[i];
        return m;
    }

    public static float[,] Random(int users, int items, int seed)
    {
        var rng = new Random(seed);
        var m = new float[users, items];
        // Coarse values so that ties occur and tie-breaking is exercised.
        for (var u = 0; u < users; u++) for (var i = 0; i < items; i++) m[u, i] = rng.Next(20);
        return m;
    }
}

/// <summary>The same scores through <see cref="IBatchScorer"/>.</summary>
internal sealed class FixedBatchModel(float[,] scores) : FixedScoreModel(scores), IBatchScorer
{
    private readonly float[,] _scores = scores;

    public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores)
    {
        var n = _scores.GetLength(1);
        for (var j = 0; j < users.Length; j++)
            for (var i = 0; i < n; i++) scores[(j * n) + i] = _scores[users[j], i];
    }
}
