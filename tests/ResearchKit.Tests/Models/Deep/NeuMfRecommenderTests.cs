using ResearchKit.Models.Baselines;
using ResearchKit.Models.Deep;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Models.Deep;

[Collection(TorchCollection.Name)]
public class NeuMfRecommenderTests
{
    [Fact]
    public void Fit_PlantedClusters_BeatsPopularityAndLossFalls()
    {
        var data = PlantedData.Create();
        var pop = new PopularityRecommender(); pop.Fit(data.Train);
        var model = new NeuMfRecommender(new NeuMfOptions { Dim = 8, MlpDim = 8, Layers = [16, 8], Epochs = 8, BatchSize = 256, LearningRate = 0.01f });
        model.Fit(data.Train);
        var all = Enumerable.Range(0, 300);
        double popRecall = data.Recall(pop, all), recall = data.Recall(model, all);
        Assert.True(recall > popRecall + 0.05, $"neumf recall@10 {recall:F3} vs popularity {popRecall:F3}");
        Assert.True(model.LossHistory[^1] < model.LossHistory[0]);
    }

    [Fact]
    public void Registry_CreatesWithSharedNames()
    {
        var model = Assert.IsType<NeuMfRecommender>(ModelRegistry.Create("neumf(epochs=2,dim=8,negatives=2,layers=16+8)"));
        Assert.Equal([16, 8], model.Options.Layers);
        Assert.Throws<ArgumentException>(() => new NeuMfRecommender(new NeuMfOptions { Negatives = 0 }));
    }
}
