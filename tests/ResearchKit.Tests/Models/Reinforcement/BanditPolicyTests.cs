using ResearchKit.Models.Reinforcement;

namespace ResearchKit.Tests.Models.Reinforcement;

public class BanditPolicyTests
{
    private static readonly BernoulliEnvironment FourArms = new([0.1, 0.2, 0.8, 0.3], contexts: 1);

    public static TheoryData<string> Policies => new() { "egreedy", "ucb1", "thompson" };

    private static IBanditPolicy Make(string name) => name switch
    {
        "egreedy" => new EpsilonGreedyPolicy(4, 0.05),
        "ucb1" => new Ucb1Policy(4),
        _ => new ThompsonSamplingPolicy(4),
    };

    [Theory]
    [MemberData(nameof(Policies))]
    public void Run_BernoulliArms_LearnsBestArmWithSublinearRegret(string name)
    {
        const int rounds = 5000;
        var result = BanditSimulation.Run(Make(name), FourArms, rounds, seed: 3);
        Assert.True(result.ArmCounts[2] > 0.8 * rounds, $"{name} chose the best arm {result.ArmCounts[2]} times");
        // A uniformly random policy loses (0.8 − 0.35) per round in expectation: 2250 over 5000 rounds.
        Assert.True(result.FinalRegret < 0.15 * 2250, $"{name} regret {result.FinalRegret}");
        // Regret grows more slowly in the second half than in the first (learning, not just luck).
        var firstHalf = result.CumulativeRegret[(rounds / 2) - 1];
        Assert.True(result.FinalRegret - firstHalf < firstHalf, $"{name}: second-half regret not smaller");
    }

    [Theory]
    [MemberData(nameof(Policies))]
    public void Run_SameSeed_SameTrajectory(string name)
    {
        var a = BanditSimulation.Run(Make(name), FourArms, 500, seed: 9);
        var b = BanditSimulation.Run(Make(name), FourArms, 500, seed: 9);
        Assert.Equal(a.CumulativeReward, b.CumulativeReward);
        Assert.Equal(a.ArmCounts, b.ArmCounts);
    }

    [Fact]
    public void LinUcb_LatentFactorShop_BeatsContextFreeGreedy()
    {
        var rng = new Random(5);
        const int dim = 4, users = 20, items = 30;
        var u = new float[users * dim]; var v = new float[items * dim];
        for (var i = 0; i < u.Length; i++) u[i] = (float)(rng.NextDouble() * 2 - 1);
        for (var i = 0; i < v.Length; i++) v[i] = (float)(rng.NextDouble() * 2 - 1);
        var env = new LatentFactorEnvironment(u, v, dim, scale: 2, bias: -1);
        var lin = BanditSimulation.Run(new LinUcbPolicy(u, v, dim, alpha: 0.5), env, 8000, seed: 1);
        var greedy = BanditSimulation.Run(new EpsilonGreedyPolicy(items, 0.05), env, 8000, seed: 1);
        Assert.True(lin.FinalRegret < 0.6 * greedy.FinalRegret, $"linucb {lin.FinalRegret} vs egreedy {greedy.FinalRegret}");
    }

    [Fact]
    public void Constructors_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EpsilonGreedyPolicy(3, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThompsonSamplingPolicy(0));
        Assert.Throws<ArgumentException>(() => new BernoulliEnvironment([0.5, 1.5], 1));
        Assert.Throws<ArgumentException>(() => new LinUcbPolicy([1f, 2f, 3f], [1f, 2f], 2));
    }

    [Fact]
    public void Sampling_BetaAndGamma_HaveTheRightMeans()
    {
        var rng = new Random(11);
        double beta = 0, gammaSmall = 0, gammaLarge = 0;
        const int n = 40_000;
        for (var i = 0; i < n; i++)
        {
            beta += Sampling.Beta(rng, 2, 6);
            gammaSmall += Sampling.Gamma(rng, 0.5);
            gammaLarge += Sampling.Gamma(rng, 7);
        }
        Assert.Equal(0.25, beta / n, 2);
        Assert.Equal(0.5, gammaSmall / n, 1);
        Assert.Equal(7.0, gammaLarge / n, 1);
    }
}
