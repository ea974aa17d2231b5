using ResearchKit.Experiments;

using ResearchKit.Tests.Evaluation;

namespace ResearchKit.Tests.Experiments;

public class BestModelComparisonsTests
{
    [Fact]
    public void Holm_KnownValues_MultipliesByRankAndStaysMonotone()
    {
        // Sorted 0.01, 0.02, 0.04 → 0.03, 0.04, 0.04 (the last is capped by monotonicity: max(0.04, 0.04)).
        var adjusted = BestModelComparisons.Holm([0.04, 0.01, 0.02, double.NaN]);
        Assert.Equal(0.04, adjusted[0], 12);
        Assert.Equal(0.03, adjusted[1], 12);
        Assert.Equal(0.04, adjusted[2], 12);
        Assert.True(double.IsNaN(adjusted[3]));
        Assert.Equal(1.0, BestModelComparisons.Holm([0.6, 0.7])[1], 12);
    }

    [Theory]
    [InlineData(0.0, "p < 0.001")]
    [InlineData(0.000999, "p < 0.001")]
    [InlineData(0.0123456, "p = 0.0123")]
    [InlineData(0.5, "p = 0.5")]
    public void FormatP_SmallAndOrdinaryValues_ReadAsExpected(double p, string expected) =>
        Assert.Equal(expected, BestModelComparisons.FormatP(p));

    [Fact]
    public void Compute_FusionBest_ComparesWithRunnerUpAndBestSingle()
    {
        var (train, test) = EvaluationFixtures.Random(80, 30, 10, seed: 2);
        var models = ResearchKit.Experiments.ExperimentModel.FromList("pop,random,rrf(models=pop+random)");
        var result = Experiment.Run("random", train, test, models);
        var comparisons = BestModelComparisons.Compute(result, ["ndcg@10"]);
        var ranked = result.Models.OrderByDescending(m => m.Metrics["ndcg@10"]).ToList();
        Assert.Equal(ranked[0].Name, comparisons[0].Best);
        Assert.Equal(ranked[1].Name, comparisons[0].Rival);
        Assert.Equal("runner-up", comparisons[0].Role);
        if (BestModelComparisons.IsFusion(ranked[0]) && BestModelComparisons.IsFusion(ranked[1]) is false)
            Assert.Single(comparisons);
        Assert.All(comparisons, c => Assert.True(c.AdjustedP >= c.Test.PValue));
        Assert.True(BestModelComparisons.IsFusion(result["rrf"]));
        Assert.False(BestModelComparisons.IsFusion(result["pop"]));
    }
}
