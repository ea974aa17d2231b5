using ResearchKit.Models;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.Deep;
using TorchSharp;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Models.Deep;

[Collection(TorchCollection.Name)]
public class TwoTowerRecommenderTests
{
    private static TwoTowerOptions Small => new() { Dim = 16, Tower = [32, 16], Epochs = 15, BatchSize = 128, LearningRate = 0.01f, Temperature = 0.1f };

    [Fact]
    public void Fit_PlantedClusters_BeatsPopularity()
    {
        var data = PlantedData.Create();
        var pop = new PopularityRecommender(); pop.Fit(data.Train);
        var model = new TwoTowerRecommender(Small);
        model.Fit(data.Train);
        var all = Enumerable.Range(0, 300);
        double popRecall = data.Recall(pop, all), towerRecall = data.Recall(model, all);
        Assert.True(towerRecall > popRecall + 0.05, $"two-tower recall@10 {towerRecall:F3} vs popularity {popRecall:F3}");
        Assert.True(model.History[^1].Loss < model.History[0].Loss, "training loss should fall");
    }

    [Fact]
    public void Fit_SameSeed_IsDeterministic_AndBatchScoresMatchScore()
    {
        var data = PlantedData.Create(users: 60, items: 40, perUser: 8, testPerUser: 2);
        var options = Small with { Epochs = 2, RandomNegatives = 16 };
        var a = new TwoTowerRecommender(options); a.Fit(data.Train);
        var b = new TwoTowerRecommender(options); b.Fit(data.Train);
        Assert.Equal(a.ItemVectors.ToArray(), b.ItemVectors.ToArray());
        var batch = new float[3 * 40];
        a.ScoreBatch([0, 5, 59], batch);
        var one = new float[40];
        a.Score(5, one);
        for (var i = 0; i < 40; i++) Assert.Equal(one[i], batch[40 + i], 1e-5);     // GEMV and GEMM round differently
        Assert.InRange(one.Max(), -1.0001f, 1.0001f);                            // cosines
    }

    [Fact]
    public void Fit_SameSeedAndThreadCount_IsBitIdenticalForOneAndTwoThreads()
    {
        var data = PlantedData.Create(users: 60, items: 40, perUser: 8, testPerUser: 2);
        var options = Small with { Epochs = 2, BatchSize = 64, Dropout = 0.2f, Device = "cpu" };
        var saved = torch.get_num_threads();
        try
        {
            foreach (var threads in new[] { 1, 2 })
            {
                torch.set_num_threads(threads);
                var a = new TwoTowerRecommender(options); a.Fit(data.Train);
                var b = new TwoTowerRecommender(options); b.Fit(data.Train);
                Assert.Equal(a.ItemVectors.ToArray(), b.ItemVectors.ToArray());
                Assert.Equal(a.UserVectors.ToArray(), b.UserVectors.ToArray());
                Assert.Equal("cpu", a.DeviceUsed);
            }
        }
        finally { torch.set_num_threads(saved); }
    }

    [Fact]
    public void Fit_HugeLearningRate_StopsWithAnErrorNamingModelAndEpoch()
    {
        var data = PlantedData.Create(users: 60, items: 40, perUser: 8, testPerUser: 2);
        var model = new TwoTowerRecommender(Small with { Epochs = 3, LearningRate = 1e30f });
        var e = Assert.Throws<TrainingDivergedException>(() => model.Fit(data.Train));
        Assert.Equal("twotower", e.Model);
        Assert.InRange(e.Epoch, 1, 3);
        Assert.Contains($"twotower diverged in epoch {e.Epoch}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CheckpointOfOtherSettings_IsRefusedNamingTheSetting()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"rk-tt-{Guid.NewGuid():N}");
        try
        {
            var data = PlantedData.Create(users: 60, items: 40, perUser: 8, testPerUser: 2);
            new TwoTowerRecommender(Small with { Epochs = 1, CheckpointDirectory = dir }).Fit(data.Train);
            var changed = new TwoTowerRecommender(Small with { Epochs = 1, CheckpointDirectory = dir, LearningRate = 0.02f, Temperature = 0.2f });
            var e = Assert.Throws<InvalidOperationException>(() => changed.Fit(data.Train));
            Assert.Contains("lr: checkpoint 0.01, this run 0.02", e.Message, StringComparison.Ordinal);
            Assert.Contains("temperature: checkpoint 0.1, this run 0.2", e.Message, StringComparison.Ordinal);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Fit_FeaturesFromData_SameAsFeaturesBuiltByHand()
    {
        var shop = ResearchKit.Data.Synthetic.SyntheticShop.Generate(new ResearchKit.Data.Synthetic.SyntheticShopOptions { Users = 120, Items = 60, Seed = 5 });
        var train = new TrainingSet(shop.Dataset);
        static (float[], int) Standardised(ResearchKit.Features.FeatureSet raw)
        {
            var f = new ResearchKit.Features.Transforms.FeaturePipeline(new ResearchKit.Features.Transforms.Imputer(ResearchKit.Features.Transforms.ImputeStrategy.Median),
                new ResearchKit.Features.Transforms.StandardScaler()).FitTransform(raw);
            return (f.ToRowMajor(), f.ColumnCount);
        }
        var options = Small with { Epochs = 2 };
        var byHand = new TwoTowerRecommender(options with
        {
            UserFeatures = Standardised(ResearchKit.Features.UserFeatures.Build(shop.Dataset)),
            ItemFeatures = Standardised(ResearchKit.Features.ItemFeatures.Build(shop.Dataset)),
        });
        byHand.Fit(train);
        var fromSpec = (TwoTowerRecommender)ModelRegistry.Create("twotower(dim=16,tower=32+16,epochs=2,batch=128,lr=0.01,temperature=0.1,features=true)");
        fromSpec.Fit(train);
        Assert.True(fromSpec.Options.FeaturesFromData);
        Assert.Equal(byHand.ItemVectors.ToArray(), fromSpec.ItemVectors.ToArray());
        Assert.Equal(byHand.UserVectors.ToArray(), fromSpec.UserVectors.ToArray());
    }

    [Fact]
    public void Fit_ColdUsersWithFeatures_RankedFromFeaturesAlone()
    {
        // Users 0..59 have no training interactions; their features are their planted taste vectors.
        var data = PlantedData.Create(coldUsers: 60);
        var options = Small with { UserFeatures = (data.UserFactors, data.Factors), ItemFeatures = (data.ItemFactors, data.Factors), IdDropout = 0.3f };
        var model = new TwoTowerRecommender(options);
        model.Fit(data.Train);
        var pop = new PopularityRecommender(); pop.Fit(data.Train);
        var cold = Enumerable.Range(0, 60);
        double towerRecall = data.Recall(model, cold), popRecall = data.Recall(pop, cold);
        Assert.True(towerRecall > popRecall + 0.05, $"cold users: two-tower recall@10 {towerRecall:F3} vs popularity {popRecall:F3}");
    }

    [Fact]
    public void Fit_Validation_RecordsRecallAndStopsEarly()
    {
        var data = PlantedData.Create(users: 100, items: 60, perUser: 10, testPerUser: 2);
        var model = new TwoTowerRecommender(Small with { Epochs = 40, ValidationUsers = 50, Patience = 2, LearningRate = 0.05f });
        var reports = new List<FitProgress>();
        model.Fit(data.Train, new SyncProgress<FitProgress>(reports.Add));
        Assert.All(model.History, h => Assert.InRange(h.ValidationRecall, 0, 1));
        Assert.True(model.History.Count < 40, "early stopping should end before 40 epochs on this small set");
        Assert.Contains("examples/s", reports[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_Checkpoint_ResumesToSameResult()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"rk-tt-{Guid.NewGuid():N}");
        try
        {
            var data = PlantedData.Create(users: 60, items: 40, perUser: 8, testPerUser: 2);
            var options = Small with { Epochs = 4, CheckpointDirectory = dir };
            var straight = new TwoTowerRecommender(Small with { Epochs = 4 }); straight.Fit(data.Train);
            var cts = new CancellationTokenSource();
            var interrupted = new TwoTowerRecommender(options);
            Assert.Throws<OperationCanceledException>(() => interrupted.Fit(data.Train, new SyncProgress<FitProgress>(p => { if (p.Step == 2) cts.Cancel(); }), cts.Token));
            var resumed = new TwoTowerRecommender(options);
            resumed.Fit(data.Train);
            Assert.Equal(4, resumed.History.Count);
            Assert.Equal(straight.ItemVectors.ToArray(), resumed.ItemVectors.ToArray());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void Registry_CreatesWithSharedNames_AndRejectsBadOptions()
    {
        var model = Assert.IsType<TwoTowerRecommender>(ModelRegistry.Create("twotower(epochs=3,dim=8,batch=64,lr=0.01,temperature=0.1,logq=false,tower=16+8)"));
        Assert.Equal(8, model.Options.Dim);
        Assert.Equal([16, 8], model.Options.Tower);
        Assert.False(model.Options.LogQCorrection);
        Assert.Equal("auto", model.Options.Device);
        Assert.Equal("cpu", Assert.IsType<TwoTowerRecommender>(ModelRegistry.Create("twotower(device=cpu)")).Options.Device);
        Assert.Contains("cpu, cuda or auto", Assert.Throws<ArgumentException>(() => ModelRegistry.Create("twotower(device=tpu)")).Message, StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => new TwoTowerRecommender(new TwoTowerOptions { Temperature = 0 }));
        Assert.Contains("Temperature", ex.Message, StringComparison.Ordinal);
    }
}
