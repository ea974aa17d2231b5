using ResearchKit.Data;
using ResearchKit.Evaluation;
using ResearchKit.Evaluation.Metrics;
using ResearchKit.Models;

namespace ResearchKit.Tests.Evaluation;

public class SampledRankingTests
{
    [Fact]
    public void Rank_TiesGoToTheLowerItemId_NaNTargetIsNeverListed()
    {
        float[] scores = [3, 5, 5, 1, 5, float.NaN];
        Assert.Equal(2, SampledRanking.Rank(scores, 2, [0, 1, 3, 4, 5]));   // only item 1 (tie, lower id) is above item 2
        Assert.Equal(1, SampledRanking.Rank(scores, 1, [0, 2, 3, 4, 5]));
        Assert.Equal(int.MaxValue, SampledRanking.Rank(scores, 5, [0, 1]));
        Assert.Equal(0, SampledRanking.HitRate(int.MaxValue, 1000));
        Assert.Equal(0, SampledRanking.Ndcg(int.MaxValue, 1000));
        Assert.Equal(1 / Math.Log2(5), SampledRanking.Ndcg(4, 10), 15);
        Assert.Equal(0, SampledRanking.Ndcg(11, 10));
    }

    /// <summary>
    /// 2 users × 30 items, scores 30 − i for everyone. u0: train {0, 1}, test {5}; u1: train {3}, test {7, 29}.
    /// N = 100 exceeds the eligible items, so every never-interacted item is a candidate and the ranks are known:
    /// item 5 is below 2, 3, 4 (rank 4); item 7 below 0, 1, 2, 4, 5, 6 (rank 7); item 29 is last (rank 28).
    /// </summary>
    [Fact]
    public void Evaluate_FixtureWithKnownRanks_GivesHitRateAndOneOverLog2RankPlusOne()
    {
        var users = new IdMap(["u0", "u1"]);
        var items = new IdMap(Enumerable.Range(0, 30).Select(i => $"i{i}"));
        var train = new InteractionsBuilder(); var test = new InteractionsBuilder();
        foreach (var (u, i) in new[] { (0, 0), (0, 1), (1, 3) }) train.Add(u, i);
        foreach (var (u, i) in new[] { (0, 5), (1, 7), (1, 29) }) test.Add(u, i);
        var set = new TrainingSet(new Dataset("fixture", train.Build(), users, items));
        var model = new FixedScoreModel(FixedScoreModel.SameForAll(2, Enumerable.Range(0, 30).Select(i => 30f - i).ToArray()));
        model.Fit(set);
        var report = Evaluator.Evaluate(model, set, new Dataset("fixture", test.Build(), users, items), new EvaluationOptions { SampledCandidates = 100 });
        Assert.Equal([1.0, 0.5], report.PerUser("hr@10(sampled100)").ToArray());
        Assert.Equal(1 / Math.Log2(5), report.PerUser("ndcg@10(sampled100)")[0], 15);
        Assert.Equal((1 / Math.Log2(8) + 0) / 2, report.PerUser("ndcg@10(sampled100)")[1], 15);
        Assert.Equal(0.75, report["hr@10(sampled100)"], 15);
        Assert.Equal((1 / Math.Log2(5) + 1 / Math.Log2(8) / 2) / 2, report["ndcg@10(sampled100)"], 15);
        var names = report.MetricNames.ToList();
        Assert.True(names.IndexOf("ndcg@10") < names.IndexOf("hr@10(sampled100)"), string.Join(", ", names));
        Assert.DoesNotContain("hr@10(sampled100)", Evaluator.Evaluate(model, set, new Dataset("fixture", test.Build(), users, items)).MetricNames);
    }

    [Fact]
    public void Evaluate_RandomTiedScores_SampledHitNeverBelowFullRecall()
    {
        // A held-out item in the full top-k is in the top-k of any subset that contains it (same order, same ties).
        var (train, test) = EvaluationFixtures.Random(60, 300, 40, seed: 5);
        var set = new TrainingSet(train);
        var model = new FixedBatchModel(FixedScoreModel.Random(60, 300, seed: 9));
        model.Fit(set);
        var report = Evaluator.Evaluate(model, set, test, new EvaluationOptions { SampledCandidates = 50 });
        var sampled = report.PerUser("hr@10(sampled50)");
        var recall = report.PerUser("recall@10");
        for (var r = 0; r < report.UserCount; r++) Assert.True(sampled[r] >= recall[r] - 1e-12, $"row {r}: {sampled[r]} < {recall[r]}");
        Assert.True(report["hr@10(sampled50)"] > report["recall@10"]);
    }

    [Theory]
    [InlineData(1000, 100)]   // rejection sampling
    [InlineData(60, 40)]      // few eligible items: partial shuffle
    public void Sample_DrawsDistinctNeverInteractedItemsDeterministically(int itemCount, int n)
    {
        int[] history = [0, 3, 4, 10, 11], heldOut = [4, 7];
        var a = new int[n]; var b = new int[n]; var other = new int[n];
        Assert.Equal(n, SampledRanking.Sample(8, 42, itemCount, history, heldOut, a));
        SampledRanking.Sample(8, 42, itemCount, history, heldOut, b);
        SampledRanking.Sample(9, 42, itemCount, history, heldOut, other);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        Assert.Equal(n, a.Distinct().Count());
        Assert.All(a, i => Assert.True(i is >= 0 && i < itemCount && Array.IndexOf(history, i) < 0 && Array.IndexOf(heldOut, i) < 0, $"item {i}"));
        Assert.Equal(a.Order(), a);
    }

    [Fact]
    public void Sample_FewerEligibleThanAsked_TakesThemAll()
    {
        var output = new int[10];
        Assert.Equal(3, SampledRanking.Sample(0, 1, 6, [0, 2], [5], output));
        Assert.Equal([1, 3, 4], output[..3]);
    }

    [Fact]
    public void Sample_ManyUsers_EachEligibleItemEquallyLikely()
    {
        const int items = 40, n = 5, users = 16_000;
        var counts = new int[items];
        var output = new int[n];
        for (var u = 0; u < users; u++)
        {
            SampledRanking.Sample(u, 42, items, [1, 2], [39], output);
            foreach (var i in output) counts[i]++;
        }
        var expected = (double)users * n / (items - 3);
        for (var i = 0; i < items; i++)
            if (i is 1 or 2 or 39) Assert.Equal(0, counts[i]);
            else Assert.InRange(counts[i], 0.9 * expected, 1.1 * expected);
    }

    [Fact]
    public void Validate_NegativeSampledCandidates_NamesTheOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new EvaluationOptions { SampledCandidates = -1 }.Validate());
        Assert.Contains("SampledCandidates", e.Message, StringComparison.Ordinal);
    }
}
