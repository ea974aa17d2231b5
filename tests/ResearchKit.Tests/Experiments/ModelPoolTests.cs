using System.Text.Json;
using ResearchKit.Fusion;
using ResearchKit.Tests.Evaluation;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Experiments;

public class ModelPoolTests
{
    private const string Als = "als(factors=4,iterations=2)";

    [Fact]
    public void Experiment_FusionsNamingTheSameMembers_FitEachMemberOnceOnTheTrainingSet()
    {
        var (train, test) = EvaluationFixtures.Random(60, 25, 8, seed: 3);
        var models = ExperimentModel.FromList(
            $"{Als},ease,blend(models={Als}+ease),rrf(models=ease+als(iterations=2,factors=4)),ucb(base=ease),tuned(models=ease+{Als},rounds=1)");
        var pool = models[0].Pool!;
        var result = Experiment.Run("random", train, test, models);

        var onTrain = pool.Fits.Where(f => ReferenceEquals(f.Train.Data, train)).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(1, onTrain[models[0].Key!]);
        Assert.Equal(1, onTrain[models[1].Key!]);
        Assert.All(onTrain.Values, count => Assert.Equal(1, count));
        // The tuned blend fits each member once more, on its tuning split (never on the test set).
        Assert.Equal(1, pool.Fits.Count(f => f.Key == models[0].Key && !ReferenceEquals(f.Train.Data, train)));
        Assert.Equal(1, pool.Fits.Count(f => f.Key == models[1].Key && !ReferenceEquals(f.Train.Data, train)));

        var blend = Assert.IsType<WeightedBlendRecommender>(models[2].Model);
        Assert.Same(models[0].Model, Assert.IsType<SharedModel>(blend.Components[0].Model).Fitted);
        Assert.Same(models[1].Model, Assert.IsType<SharedModel>(blend.Components[1].Model).Fitted);
        Assert.Equal(6, result.Models.Count);
    }

    [Fact]
    public void Experiment_Fusion_ReportsOwnStageAndMemberFitsSeparately()
    {
        var (train, test) = EvaluationFixtures.Random(60, 25, 8, seed: 4);
        var models = ExperimentModel.FromList($"blend(models={Als}+ease),{Als}");
        var result = Experiment.Run("random", train, test, models);

        var blend = result.Models[0];
        Assert.NotNull(blend.MemberFitSeconds);
        Assert.Equal([models[1].Key!, ModelRegistry.Build(ModelSpec.Parse("ease")).Key], blend.MemberFitSeconds!.Keys);
        // ALS was fitted once, for the blend; its own row reports that fit, and the blend's stage excludes it.
        Assert.Equal(blend.MemberFitSeconds[models[1].Key!], result.Models[1].FitSeconds, 12);
        Assert.Null(result.Models[1].MemberFitSeconds);

        using var doc = JsonDocument.Parse(result.ToJson());
        var first = doc.RootElement.GetProperty("models")[0];
        Assert.Equal(["name", "params", "fit_seconds", "member_fit_seconds", "recommend_seconds", "metrics"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(result.ToJson(), ExperimentResult.FromJson(result.ToJson()).ToJson());
    }

    [Fact]
    public void Experiment_SameMembersFittedTwice_GiveTheSameScoresAsAFreshFit()
    {
        var (train, test) = EvaluationFixtures.Random(60, 25, 8, seed: 5);
        var pooled = Experiment.Run("random", train, test, ExperimentModel.FromList($"ease,rrf(models=ease+{Als})"));
        var alone = Experiment.Run("random", train, test, [ExperimentModel.FromSpec(ModelSpec.Parse($"rrf(models=ease+{Als})"))]);
        Assert.Equal(alone.Models[0].Metrics["ndcg@10"], pooled.Models[1].Metrics["ndcg@10"], 12);
    }
}
