using ResearchKit.Evaluation;
using ResearchKit.Models;

namespace ResearchKit.Tests.Evaluation;

public class SignificanceAndSegmentTests
{
    [Fact]
    public void StudentTUpperTail_KnownValues()
    {
        Assert.Equal(0.036694017385370, SignificanceTests.StudentTUpperTail(2.0, 10), 9); // scipy.stats.t.sf(2, 10)
        Assert.Equal(0.5, SignificanceTests.StudentTUpperTail(0, 7), 12);
        Assert.Equal(1 - 0.036694017385370, SignificanceTests.StudentTUpperTail(-2.0, 10), 9);
        Assert.Equal(Math.Log(24), SignificanceTests.LogGamma(5), 12);
        Assert.Equal(0.3, SignificanceTests.RegularizedIncompleteBeta(0.3, 1, 1), 12);
    }

    private static (EvaluationReport Good, EvaluationReport Bad) TwoModels()
    {
        var (train, test) = EvaluationFixtures.Random(200, 40, 12, seed: 5);
        var set = new TrainingSet(train);
        var good = new ResearchKit.Models.Baselines.PopularityRecommender(); good.Fit(set);
        var bad = new FixedBatchModel(FixedScoreModel.Random(200, 40, seed: 6)); bad.Fit(set);
        return (Evaluator.Evaluate(good, set, test), Evaluator.Evaluate(bad, set, test));
    }

    [Fact]
    public void PairedTests_PopularityBeatsRandomOnSkewedData_SmallPValue()
    {
        var (good, bad) = TwoModels();
        var t = SignificanceTests.PairedTTest(good, bad, "ndcg@10");
        Assert.True(t.MeanDifference > 0);
        Assert.True(t.PValue < 0.01, $"p = {t.PValue}");
        Assert.True(SignificanceTests.PairedTTest(bad, good, "ndcg@10").PValue > 0.99);
        var boot = SignificanceTests.PairedBootstrap(good, bad, "ndcg@10", resamples: 2000, seed: 1);
        Assert.True(boot.PValue < 0.01, $"p = {boot.PValue}");
        Assert.Equal(t.MeanDifference, boot.MeanDifference, 12);
        Assert.Equal(boot, SignificanceTests.PairedBootstrap(good, bad, "ndcg@10", resamples: 2000, seed: 1));
    }

    [Fact]
    public void PairedTTest_ModelAgainstItself_NoDifference()
    {
        var (good, _) = TwoModels();
        var t = SignificanceTests.PairedTTest(good, good, "recall@10");
        Assert.Equal(0, t.MeanDifference);
        Assert.Equal(0.5, t.PValue);
    }

    [Fact]
    public void BootstrapInterval_ContainsEstimate_SeededAndCollapsesOnConstantValues()
    {
        var (good, _) = TwoModels();
        var ci = Bootstrap.Interval(good, "ndcg@10", resamples: 500, seed: 3);
        Assert.InRange(ci.Estimate, ci.Lower, ci.Upper);
        Assert.True(ci.Upper > ci.Lower);
        Assert.Equal(ci, Bootstrap.Interval(good, "ndcg@10", resamples: 500, seed: 3));
        var cov = Bootstrap.Interval(good, "coverage@10", resamples: 50, seed: 3);
        Assert.InRange(cov.Lower, 0, 1);
        var constant = Bootstrap.IntervalOfMean([0.25, 0.25, 0.25], resamples: 100);
        Assert.Equal((0.25, 0.25, 0.25), (constant.Estimate, constant.Lower, constant.Upper));
        Assert.Equal(2.5, Bootstrap.Quantile([1.0, 2, 3, 4], 0.5), 12);
    }

    [Fact]
    public void Segments_UserSegmentsPartitionUsers_ItemSegmentsPartitionRelevant()
    {
        var (good, _) = TwoModels();
        var segments = Segments.Compute(good, new SegmentOptions { ColdUserMaxTrainItems = 8, HeadInteractionShare = 0.5 });
        Assert.Equal(4, segments.Count);
        Assert.Equal(good.UserCount, segments[0].Users + segments[1].Users);
        // Recall over users is a weighted combination: cold and warm means bracket the overall mean.
        var (cold, warm) = (segments[0].Metrics["recall@10"], segments[1].Metrics["recall@10"]);
        Assert.InRange(good["recall@10"], Math.Min(cold, warm) - 1e-12, Math.Max(cold, warm) + 1e-12);
        // Popularity recommends head items: its head recall beats its tail recall.
        Assert.True(segments[2].Metrics["recall@10"] > segments[3].Metrics["recall@10"]);
    }

    [Fact]
    public void HeadItems_TakesMostPopularUntilShare()
    {
        // total 20; 50% = 10: item 1 (8) then item 3 (6) -> 14 ≥ 10 stops.
        var head = Segments.HeadItems([2, 8, 4, 6], 0.5);
        Assert.Equal([false, true, false, true], head);
        Assert.Throws<ArgumentException>(() => new SegmentOptions { HeadInteractionShare = 1.5 }.Validate());
    }
}
