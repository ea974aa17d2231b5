using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

public class BiasedMfRecommenderTests
{
    [Fact]
    public void Fit_Checkerboard_TrainRmseFallsAndPredictionsSeparateBlocks()
    {
        var train = CfFixtures.Checkerboard(ratings: true);
        var model = new BiasedMfRecommender(new BiasedMfOptions { Factors = 8, Iterations = 60, LearningRate = 0.02f });
        model.Fit(train);
        Assert.True(model.RmseHistory[^1] < model.RmseHistory[0] * 0.5, $"RMSE {model.RmseHistory[0]} -> {model.RmseHistory[^1]}");
        Assert.True(model.RmseHistory[^1] < 0.6);
        // An unseen in-block item is predicted well above an unseen out-of-block one, within the rating range.
        var seen = train.UserItems.RowIndices(0).ToArray();
        var inBlock = Enumerable.Range(0, CfFixtures.Items).First(i => i % 2 == 0 && !seen.Contains(i));
        var outBlock = Enumerable.Range(0, CfFixtures.Items).First(i => i % 2 == 1 && !seen.Contains(i));
        Assert.True(model.Predict(0, inBlock) > model.Predict(0, outBlock) + 1.5f);
        Assert.InRange(model.Predict(0, inBlock), 1f, 5f);
    }

    [Fact]
    public void Predict_MatchesScoreWithinRange()
    {
        var train = CfFixtures.Checkerboard(ratings: true);
        var model = new BiasedMfRecommender(new BiasedMfOptions { Factors = 4, Iterations = 5 });
        model.Fit(train);
        var s = new float[CfFixtures.Items];
        model.Score(3, s);
        for (var i = 0; i < s.Length; i++) Assert.Equal(Math.Clamp(s[i], 1f, 5f), model.Predict(3, i), 4);
    }

    [Fact]
    public void Fit_HugeLearningRate_ThrowsNamingModelAndIteration()
    {
        var model = new BiasedMfRecommender(new BiasedMfOptions { LearningRate = 50f });
        var e = Assert.Throws<ArithmeticException>(() => model.Fit(CfFixtures.Checkerboard(ratings: true)));
        Assert.Contains("mf", e.Message, StringComparison.Ordinal);
        Assert.Contains("iteration", e.Message, StringComparison.Ordinal);
    }
}
