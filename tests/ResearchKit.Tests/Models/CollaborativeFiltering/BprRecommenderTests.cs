using ResearchKit.Data.Sampling;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

public class BprRecommenderTests
{
    [Fact]
    public void Fit_PopularityNegatives_RecommendsOwnBlock()
    {
        var model = new BprRecommender(new BprOptions { Factors = 8, Iterations = 60, LearningRate = 0.05f, Negatives = NegativeSampling.Popularity, Threads = 1 });
        model.Fit(CfFixtures.Checkerboard());
        for (var u = 0; u < CfFixtures.Users; u++)
            Assert.All(model.Recommend(u, 3).Items, i => Assert.Equal(u % 2, i % 2));
        // Popularity negatives include unseen same-block items (false negatives), so accuracy stays below uniform's.
        Assert.True(model.AccuracyHistory[^1] > 0.8, $"final ranking accuracy {model.AccuracyHistory[^1]}");
    }

    [Fact]
    public void Fit_Hogwild_TwoThreadsStillLearns()
    {
        var model = new BprRecommender(new BprOptions { Factors = 8, Iterations = 60, LearningRate = 0.05f, Threads = 2 });
        model.Fit(CfFixtures.Checkerboard());
        Assert.True(model.AccuracyHistory[^1] > 0.9, $"final ranking accuracy {model.AccuracyHistory[^1]}");
        Assert.Equal(CfFixtures.Items, model.ItemBias.Length);
    }

    [Fact]
    public void Fit_HugeLearningRate_ThrowsNamingModelAndIteration()
    {
        var model = new BprRecommender(new BprOptions { Factors = 8, LearningRate = 1e25f, InitScale = 1, Threads = 1 });
        var e = Assert.Throws<ArithmeticException>(() => model.Fit(CfFixtures.Checkerboard()));
        Assert.Contains("bpr", e.Message, StringComparison.Ordinal);
        Assert.Contains("iteration 1", e.Message, StringComparison.Ordinal);
    }
}
