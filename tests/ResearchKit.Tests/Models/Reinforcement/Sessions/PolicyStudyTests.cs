using ResearchKit.Models;
using ResearchKit.Models.Reinforcement.Reinforce;
using ResearchKit.Models.Reinforcement.Sessions;
using ResearchKit.Tests.Models.Deep;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Models.Reinforcement.Sessions;

[Collection(TorchCollection.Name)]
public class PolicyStudyTests
{
    private static readonly PolicyStudyOptions Small = new()
    {
        Environment = new SessionEnvironmentOptions { Slots = 128 }, LogSessions = 800, EvaluationSessions = 512, Candidates = 40,
        Reinforce = new ReinforceOptions { Epochs = 2, SessionHistory = 4, PriorHistory = 8, Dim = 16, Hidden = 16 },
        AbTestSessionsPerArm = 256, Seed = 3,
    };

    [Fact]
    public void Run_SmallShop_PlaysEveryPolicyAndTheLearnedOnesBeatRandom()
    {
        var shop = SessionTestShop.Shop;
        var train = new TrainingSet(shop.Dataset);
        var pop = ModelRegistry.Create("pop"); pop.Fit(train);
        var result = PolicyStudy.Run(shop, pop, [(pop, "baseline")], Small);
        Assert.Equal(["pop", "random", "rl(reinforce over pop)", "slateq(over pop)"], result.Policies.Select(p => p.Policy).ToArray());
        Assert.All(result.Policies, p => Assert.True(p.Lower <= p.MeanReturn && p.MeanReturn <= p.Upper && p.Sessions >= 512));
        Assert.All(result.Policies.Skip(2), p => Assert.True(p.MeanReturn > result.Policies[1].MeanReturn, $"{p.Policy} should beat random slates"));
        Assert.Equal(["rl(reinforce over pop)", "slateq(over pop)"], result.OffPolicy.Select(c => c.Policy).ToArray());
        Assert.All(result.OffPolicy, c => Assert.Equal(["IPS", "SNIPS", "DR"], c.Estimates.Select(e => e.Estimator).ToArray()));
        Assert.All(result.OffPolicy.SelectMany(c => c.Estimates.Append(c.OnPolicy)), e => Assert.True(double.IsFinite(e.Value) && e.Lower < e.Upper));
        Assert.Equal(Small.Reinforce.Epochs, result.Training.Count);
        Assert.Equal(SessionSignals.Count, result.SlateQ.ClickWeights.Count);
        var ab = Assert.IsType<PolicyAbTest>(result.AbTest);
        Assert.Equal("pop", ab.A);
        Assert.Equal(result.Policies.Skip(2).MaxBy(p => p.MeanReturn)!.Policy, ab.B);
        Assert.InRange(ab.Result.StoppedAtLook, 1, ab.Looks);
        Assert.True(ab.MinimumDetectableEffect > 0);
    }

    [Fact]
    public void Validate_BadOptions_NameTheOption()
    {
        Assert.Contains("LogSessions", Assert.Throws<ArgumentException>(() => (Small with { LogSessions = 1 }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("Candidates", Assert.Throws<ArgumentException>(() => (Small with { Candidates = 2 }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("AbTestSessionsPerArm", Assert.Throws<ArgumentException>(() => (Small with { AbTestSessionsPerArm = 3 }).Validate()).Message, StringComparison.Ordinal);
    }
}
