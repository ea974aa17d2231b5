using System.Runtime.Intrinsics;
using ResearchKit.Evaluation;
using ResearchKit.Models;

namespace ResearchKit.Tests.Evaluation;

public sealed class FactorTopKTests
{
    // Factors on a coarse grid (multiples of 1/4, small): every dot product is exact in float whatever the summation
    // order, so the fused kernel and GEMM-then-select must agree bit for bit, and exact ties (tie-break by id) occur.
    private static IntegerFactorModel Model(int users, int items, int f, bool bias, bool offsets, int seed)
    {
        var rng = new Random(seed);
        float Grid() => rng.Next(-4, 5) / 4f;
        var x = new float[users * f]; var y = new float[items * f];
        for (var i = 0; i < x.Length; i++) x[i] = Grid();
        for (var i = 0; i < y.Length; i++) y[i] = Grid();
        var b = bias ? Enumerable.Range(0, items).Select(_ => Grid()).ToArray() : [];
        var c = offsets ? Enumerable.Range(0, users).Select(_ => Grid() * 8).ToArray() : new float[users];
        return new IntegerFactorModel(f, x, y, b, c);
    }

    public static TheoryData<int, int, int, int, bool, bool> Shapes => new()
    {
        // users, items, f, k, bias, offsets: users not a multiple of 6, items not a multiple of 16 or 32.
        { 47, 77, 5, 10, false, false },
        { 50, 40, 16, 7, true, false },
        { 13, 33, 64, 100, true, true }, // k above the catalogue: every unseen item, best first
        { 1, 1, 3, 1, false, false },
        { 61, 500, 9, 20, true, false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void RecommendAll_FactorModel_FusedEqualsGemmThenSelect(int users, int items, int f, int k, bool bias, bool offsets)
    {
        var (train, _) = EvaluationFixtures.Random(users, items, Math.Max(1, items / 6), seed: users + items);
        var set = new TrainingSet(train);
        var model = Model(users, items, f, bias, offsets, seed: f);
        model.Fit(set);
        var hidden = new BatchOnly(model);
        var all = Enumerable.Range(0, users).ToArray();
        foreach (var excludeSeen in new[] { true, false })
        {
            var expected = BatchRecommender.RecommendAll(hidden, set, all, k, excludeSeen, blockSize: 7);
            var fused = BatchRecommender.RecommendAll(model, set, all, k, excludeSeen, blockSize: 7);
            AssertSameLists(expected, fused);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Select_EachKernelWidth_MatchesTopKSelectPerUser(int width)
    {
        if (width == 32 && !Vector512.IsHardwareAccelerated || !Vector256.IsHardwareAccelerated) return; // no such kernel on this CPU
        const int Users = 31, Items = 203, F = 11, K = 12;
        var (train, _) = EvaluationFixtures.Random(Users, Items, 20, seed: 9);
        var set = new TrainingSet(train);
        var model = Model(Users, Items, F, bias: true, offsets: false, seed: 2);
        model.Fit(set);
        var kernel = new FactorTopK(model, Items, width);
        var users = Enumerable.Range(0, Users).ToArray();
        var result = new RecommendationLists(users, K);
        var worker = new FactorTopK.Worker(Users, F);
        model.GatherUserVectors(users, worker.Vectors, worker.Offsets);
        kernel.Select(users, worker, set.UserItems, result, 0);
        var scores = new float[Items];
        for (var u = 0; u < Users; u++)
        {
            model.Score(u, scores);
            foreach (var seen in set.UserItems.RowIndices(u)) scores[seen] = float.NegativeInfinity;
            var top = TopK.Select(scores, K);
            Assert.Equal(top.Items, result.Items(u).ToArray());
            Assert.Equal(top.Scores, result.Scores(u).ToArray());
        }
    }

    [Theory]
    [InlineData(47, 77, 5, true)]
    [InlineData(30, 500, 16, true)]
    [InlineData(13, 33, 64, false)]
    public void RecommendAllWithAuc_GridFactors_EqualsAucOfScoreRows(int users, int items, int f, bool excludeSeen)
    {
        var (train, test) = EvaluationFixtures.Random(users, items, Math.Max(1, items / 6), seed: users);
        var set = new TrainingSet(train);
        var model = Model(users, items, f, bias: true, offsets: false, seed: f);
        model.Fit(set);
        // Relevant sets mixing test items with some training items (those must be ignored when excluded).
        var b = new ResearchKit.Data.InteractionsBuilder();
        foreach (var (u, i) in Pairs(test.ToCsr(ResearchKit.Data.DuplicatePolicy.Max))) b.Add(u, i);
        foreach (var (u, i) in Pairs(set.UserItems)) if ((u + i) % 3 == 0) b.Add(u, i);
        var relevant = train.WithInteractions(b.Build()).ToCsr(ResearchKit.Data.DuplicatePolicy.Max);
        var all = Enumerable.Range(0, users).ToArray();
        var auc = new double[users];
        BatchRecommender.RecommendAllWithAuc(model, set, all, 10, excludeSeen, relevant, auc, blockSize: 7, maxDegreeOfParallelism: -1, progress: null, ct: default);
        var scores = new float[items];
        for (var u = 0; u < users; u++)
        {
            model.Score(u, scores);
            var expected = ResearchKit.Evaluation.Metrics.RankingMetrics.Auc(scores, relevant.RowIndices(u), excludeSeen ? set.UserItems.RowIndices(u) : []);
            Assert.Equal(expected, auc[u]);
        }
    }

    [Fact]
    public void Evaluate_FactorModel_SameReportAsScoreThenSelect()
    {
        var (train, test) = EvaluationFixtures.Random(40, 90, 12, seed: 5);
        var set = new TrainingSet(train);
        var model = Model(40, 90, 6, bias: true, offsets: false, seed: 3);
        model.Fit(set);
        var fused = Evaluator.Evaluate(model, set, test);
        var plain = Evaluator.Evaluate(new BatchOnly(model), set, test);
        foreach (var name in new[] { "auc", "ndcg@10", "precision@10", "map", "coverage@10" }) Assert.Equal(plain[name], fused[name]);
    }

    private static IEnumerable<(int User, int Item)> Pairs(ResearchKit.Data.CsrMatrix m)
    {
        for (var u = 0; u < m.Rows; u++)
            foreach (var i in m.RowIndices(u).ToArray()) yield return (u, i);
    }

    [Fact]
    public void RecommendAll_FactorModelWithObserver_StillSeesEveryRawRow()
    {
        var (train, _) = EvaluationFixtures.Random(20, 30, 4, seed: 1);
        var set = new TrainingSet(train);
        var model = Model(20, 30, 4, bias: false, offsets: false, seed: 1);
        model.Fit(set);
        var rows = 0;
        BatchRecommender.RecommendAll(model, set, Enumerable.Range(0, 20).ToArray(), 5, observer: (_, _, s) => { Assert.Equal(30, s.Length); Interlocked.Increment(ref rows); });
        Assert.Equal(20, rows);
    }

    private static void AssertSameLists(RecommendationLists expected, RecommendationLists actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var r = 0; r < expected.Count; r++)
        {
            Assert.Equal(expected.Items(r).ToArray(), actual.Items(r).ToArray());
            Assert.Equal(expected.Scores(r).ToArray(), actual.Scores(r).ToArray());
        }
    }

    /// <summary>s(u, i) = x_u · y_i + b_i + c_u with given arrays.</summary>
    private sealed class IntegerFactorModel(int f, float[] x, float[] y, float[] bias, float[] offsets) : RecommenderBase, IFactorScorer
    {
        public override string Name => "grid-factors";

        public int Factors => f;

        public ReadOnlySpan<float> ItemFactors => y;

        public ReadOnlySpan<float> ItemBias => bias;

        protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
        {
        }

        protected override void ScoreCore(int user, Span<float> scores)
        {
            for (var i = 0; i < scores.Length; i++)
            {
                var s = 0f;
                for (var k = 0; k < f; k++) s += x[(user * f) + k] * y[(i * f) + k];
                scores[i] = s + (bias.Length > 0 ? bias[i] : 0f) + offsets[user];
            }
        }

        public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores)
        {
            var n = y.Length / f;
            for (var j = 0; j < users.Length; j++) Score(users[j], scores.Slice(j * n, n));
        }

        public void GatherUserVectors(ReadOnlySpan<int> users, Span<float> vectors, Span<float> offsetsOut)
        {
            for (var j = 0; j < users.Length; j++)
            {
                x.AsSpan(users[j] * f, f).CopyTo(vectors.Slice(j * f));
                offsetsOut[j] = offsets[users[j]];
            }
        }
    }

    /// <summary>Hides <see cref="IFactorScorer"/>, so <see cref="BatchRecommender"/> takes its score-then-select path.</summary>
    private sealed class BatchOnly(IntegerFactorModel model) : IRecommender, IBatchScorer
    {
        public string Name => model.Name;

        public void Fit(TrainingSet train, IProgress<FitProgress>? progress = null, CancellationToken ct = default) => model.Fit(train, progress, ct);

        public void Score(int user, Span<float> scores) => model.Score(user, scores);

        public Recommendations Recommend(int user, int k, RecommendFilter? filter = null) => model.Recommend(user, k, filter);

        public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores) => model.ScoreBatch(users, scores);
    }
}
