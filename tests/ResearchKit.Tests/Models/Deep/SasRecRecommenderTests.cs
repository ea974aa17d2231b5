using ResearchKit.Data;
using ResearchKit.Data.Splitting;
using ResearchKit.Evaluation;
using ResearchKit.Models;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Models.Deep;
using TorchSharp;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Models.Deep;

[Collection(TorchCollection.Name)]
public class SasRecRecommenderTests
{
    private static readonly SasRecOptions Small = new() { Dim = 32, MaxLength = 20, Epochs = 2, BatchSize = 64, LearningRate = 0.01f, Dropout = 0.1f, Device = "cpu" };

    /// <summary>
    /// A planted sequential rule: f is a random permutation of the items, and each user's sequence is
    /// r₁ f(r₁) r₂ f(r₂) … r_k f(r_k) over distinct items (timestamps = positions). Leave-last holds out f(r_k), which
    /// only the order reveals: as a set, the history also borders f⁻¹(rᵢ) and f(f(rᵢ)) for every pair.
    /// </summary>
    internal static Dataset PlantedTransitions(int users = 400, int items = 200, int pairs = 10, int seed = 3)
    {
        var rng = new Random(seed);
        var f = Enumerable.Range(0, items).ToArray();
        rng.Shuffle(f);
        var b = new InteractionsBuilder();
        var used = new bool[items];
        for (var u = 0; u < users; u++)
        {
            Array.Clear(used);
            var t = 0L;
            for (var p = 0; p < pairs; p++)
            {
                int r;
                do r = rng.Next(items); while (used[r] || used[f[r]] || r == f[r]);
                used[r] = used[f[r]] = true;
                b.Add(u, r, 1f, t++, EventKind.View);
                b.Add(u, f[r], 1f, t++, EventKind.View);
            }
        }
        return new Dataset("transitions", b.Build(), new IdMap(Enumerable.Range(0, users).Select(i => $"u{i}")), new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}")));
    }

    private static double HitRate(IRecommender model, DataSplit split)
    {
        var train = new TrainingSet(split.Train);
        model.Fit(train);
        return Evaluator.Evaluate(model, train, split.Test, new EvaluationOptions { BeyondAccuracy = false, Auc = false })["hit@10"];
    }

    [Fact]
    public void Fit_PlantedTransitions_BeatsPopularityAndSetModelsOnLeaveLast()
    {
        var split = Splits.LeaveLast(PlantedTransitions(), 1);
        var sasrec = new SasRecRecommender(Small with { Epochs = 30 });
        var saved = torch.get_num_threads();
        double hr;
        // One LibTorch thread: on a shared 2-core machine two OpenMP threads spin against other work (docs/benchmarks.md).
        try { torch.set_num_threads(1); hr = HitRate(sasrec, split); }
        finally { torch.set_num_threads(saved); }
        var pop = HitRate(new PopularityRecommender(), split);
        double knn = HitRate(new ItemKnnRecommender(), split), als = HitRate(new AlsRecommender(new AlsOptions { Factors = 32 }), split);
        Assert.True(hr > 0.9, $"sasrec HR@10 {hr:F3}");
        Assert.True(hr > pop + 0.5 && hr > knn + 0.4 && hr > als + 0.4, $"sasrec {hr:F3}, pop {pop:F3}, itemknn {knn:F3}, als {als:F3}");
        Assert.True(sasrec.LossHistory[^1] < 0.8 * sasrec.LossHistory[0], $"loss {sasrec.LossHistory[0]:F3} → {sasrec.LossHistory[^1]:F3}");
        Assert.Equal("cpu", sasrec.DeviceUsed);
        Assert.True(sasrec.ExamplesPerSecond > 0);
    }

    [Fact]
    public void Fit_SameSeedOnOneThread_GivesBitIdenticalScores()
    {
        var train = new TrainingSet(Splits.LeaveLast(PlantedTransitions(users: 80, items: 60, pairs: 6), 1).Train);
        var saved = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1);
            var a = new SasRecRecommender(Small); a.Fit(train);
            var b = new SasRecRecommender(Small); b.Fit(train);
            var (sa, sb) = (new float[60], new float[60]);
            for (var u = 0; u < 80; u += 7)
            {
                a.Score(u, sa); b.Score(u, sb);
                Assert.Equal(sa, sb);
            }
            Assert.Equal(a.LossHistory, b.LossHistory);
            var c = new SasRecRecommender(Small with { Seed = 7 }); c.Fit(train);
            c.Score(0, sb); a.Score(0, sa);
            Assert.NotEqual(sa, sb);
        }
        finally { torch.set_num_threads(saved); }
    }

    [Fact]
    public void Recommend_AsFusionMember_ExcludesSeenItemsAndBatchScoresMatchScore()
    {
        var train = new TrainingSet(Splits.LeaveLast(PlantedTransitions(users: 80, items: 60, pairs: 6), 1).Train);
        var fusion = ModelRegistry.Create("rrf(models=pop+sasrec(epochs=1,dim=8,maxlen=12,device=cpu))");
        fusion.Fit(train);
        var model = new SasRecRecommender(Small with { Epochs = 1 });
        model.Fit(train);
        var batch = new float[2 * 60];
        model.ScoreBatch([3, 41], batch);
        var one = new float[60];
        model.Score(41, one);
        for (var i = 0; i < 60; i++) Assert.Equal(one[i], batch[60 + i], 1e-4);     // GEMV and GEMM round differently
        for (var u = 0; u < 80; u += 9)
        {
            var seen = train.UserItems.RowIndices(u).ToArray();
            Assert.Empty(fusion.Recommend(u, 10).Items.Intersect(seen));
            var recs = model.Recommend(u, 60);
            Assert.Equal(60 - seen.Length, recs.Count);
            Assert.Empty(recs.Items.Intersect(seen));
        }
    }

    [Fact]
    public void HiddenStates_LaterItemChanged_EarlierPositionsUnchanged()
    {
        var train = new TrainingSet(Splits.LeaveLast(PlantedTransitions(users: 80, items: 60, pairs: 6), 1).Train);
        var options = Small with { MaxLength = 8, Epochs = 1 };
        var model = new SasRecRecommender(options); model.Fit(train);
        long[] first = [0, 0, 5, 9, 12, 3, 40, 7], second = [0, 0, 5, 9, 12, 33, 41, 8];   // model ids; differ from position 5 on
        var d = options.Dim;
        var (a, b) = (model.HiddenStates(first, 1), model.HiddenStates(second, 1));
        for (var t = 0; t < 8; t++)
        {
            var same = a.AsSpan(t * d, d).SequenceEqual(b.AsSpan(t * d, d));
            Assert.True(t < 5 ? same : !same, $"position {t}: {(same ? "unchanged" : "changed")}");
        }
    }

    [Fact]
    public void Sequences_OrderByTimeThenRow_EachItemAtItsFirstInteraction()
    {
        var b = new InteractionsBuilder();
        b.Add(0, 2, 1f, 30, EventKind.View);
        b.Add(0, 1, 1f, 10, EventKind.View);
        b.Add(0, 3, 1f, 20, EventKind.View);
        b.Add(0, 0, 1f, 20, EventKind.View);     // same time as item 3: row order decides
        b.Add(0, 1, 1f, 40, EventKind.Purchase); // a repeat keeps item 1 at its first interaction
        b.Add(1, 0, 1f, 5, EventKind.View);
        var data = new Dataset("seq", b.Build(), new IdMap(["a", "b", "c"]), new IdMap(["w", "x", "y", "z"]));
        var (start, items) = SasRecRecommender.Sequences(data);
        Assert.Equal([0, 4, 5, 5], start);
        Assert.Equal([1, 3, 0, 2, 0], items);
    }

    [Fact]
    public void Fit_HugeLearningRate_ThrowsTrainingDivergedNamingModel()
    {
        var train = new TrainingSet(PlantedTransitions(users: 80, items: 60, pairs: 6));
        var model = new SasRecRecommender(Small with { Epochs = 3, LearningRate = 1e30f });
        var e = Assert.Throws<TrainingDivergedException>(() => model.Fit(train));
        Assert.Equal("sasrec", e.Model);
        Assert.InRange(e.Epoch, 1, 3);
        Assert.Contains($"sasrec diverged in epoch {e.Epoch}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Registry_SharedNames_SetTheOptions()
    {
        var model = Assert.IsType<SasRecRecommender>(ModelRegistry.Create("sasrec(epochs=3,dim=16,heads=2,blocks=1,maxlen=30,dropout=0.5,batch=32,lr=0.01,reg=0.1,negatives=2,seed=5,device=cpu)"));
        var o = model.Options;
        Assert.Equal((3, 16, 2, 1, 30, 0.5f, 32), (o.Epochs, o.Dim, o.Heads, o.Blocks, o.MaxLength, o.Dropout, o.BatchSize));
        Assert.Equal((0.01f, 0.1f, 2, 5, "cpu"), (o.LearningRate, o.WeightDecay, o.Negatives, o.Seed, o.Device));
        Assert.Equal(new SasRecOptions(), Assert.IsType<SasRecRecommender>(ModelRegistry.Create("sasrec")).Options);
        Assert.Throws<ArgumentException>(() => ModelRegistry.Create("sasrec(layers=2)"));
    }

    [Theory]
    [InlineData("Dim", "dim=0")]
    [InlineData("Heads", "dim=50,heads=3")]
    [InlineData("Blocks", "blocks=0")]
    [InlineData("MaxLength", "maxlen=0")]
    [InlineData("Dropout", "dropout=1")]
    [InlineData("Epochs", "epochs=0")]
    [InlineData("BatchSize", "batch=0")]
    [InlineData("LearningRate", "lr=0")]
    [InlineData("WeightDecay", "reg=-1")]
    [InlineData("Negatives", "negatives=0")]
    public void Create_BadOption_ThrowsNamingIt(string option, string parameters)
    {
        // Registry errors name the parameter as typed (the last one given), not the option property behind it.
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create($"sasrec({parameters})"));
        var typed = parameters.Split(',')[^1].Split('=')[0];
        Assert.StartsWith($"sasrec: {typed} ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(option, e.Message, StringComparison.Ordinal);
    }
}
