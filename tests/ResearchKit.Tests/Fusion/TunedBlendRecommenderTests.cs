using ResearchKit.Data.Splitting;
using ResearchKit.Data.Synthetic;
using ResearchKit.Evaluation;
using ResearchKit.Fusion;
using ResearchKit.Models;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Fusion;

public class TunedBlendRecommenderTests
{
    [Fact]
    public void Fit_SignalPlusNoise_DownweightsNoiseAndMatchesBestComponent()
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 400, Items = 150, Seed = 3 });
        var split = Splits.Stratified(shop.Dataset, 0.75, 3);
        var train = new TrainingSet(split.Train);
        var tuned = (TunedBlendRecommender)ModelRegistry.Create("tuned(models=pop+random,rounds=1)");
        tuned.Fit(train);
        Assert.True(tuned.Weights[1] < tuned.Weights[0], $"weights {string.Join("/", tuned.Weights)}");
        Assert.True(tuned.ValidationScore > 0);

        var options = new EvaluationOptions { K = 10, Auc = false, BeyondAccuracy = false };
        var pop = ModelRegistry.Create("pop");
        pop.Fit(train);
        var popNdcg = Evaluator.Evaluate(pop, train, split.Test, options)["ndcg@10"];
        var tunedNdcg = Evaluator.Evaluate(tuned, train, split.Test, options)["ndcg@10"];
        Assert.True(tunedNdcg >= popNdcg - 0.01, $"tuned {tunedNdcg} vs pop {popNdcg}");
    }

    [Fact]
    public void Options_BadValues_ErrorsNameTheOption()
    {
        Assert.Contains("ValidationFraction", Assert.Throws<ArgumentException>(() =>
            new TunedBlendRecommender([() => ModelRegistry.Create("pop")], new() { ValidationFraction = 1 })).Message, StringComparison.Ordinal);
        Assert.Contains("Grid", Assert.Throws<ArgumentException>(() =>
            new TunedBlendRecommender([() => ModelRegistry.Create("pop")], new() { Grid = [-1] })).Message, StringComparison.Ordinal);
    }
}
