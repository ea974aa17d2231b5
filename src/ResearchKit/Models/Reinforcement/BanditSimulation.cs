namespace ResearchKit.Models.Reinforcement;

/// <summary>The outcome of an online bandit simulation.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="CumulativeReward">Sampled reward summed up to each round (length = rounds).</param>
/// <param name="CumulativeRegret">Expected regret summed up to each round: Σ (max_a μ(u,a) − μ(u, chosen)).</param>
/// <param name="ArmCounts">How often each arm was chosen.</param>
public sealed record BanditSimulationResult(string Policy, double[] CumulativeReward, double[] CumulativeRegret, long[] ArmCounts)
{
    /// <summary>Total expected regret after the last round.</summary>
    public double FinalRegret => CumulativeRegret.Length == 0 ? 0 : CumulativeRegret[^1];

    /// <summary>Mean reward per round.</summary>
    public double MeanReward => CumulativeReward.Length == 0 ? 0 : CumulativeReward[^1] / CumulativeReward.Length;
}

/// <summary>Runs a policy online against an environment: the interactive loop of reinforcement learning.</summary>
public static class BanditSimulation
{
    /// <summary>
    /// Plays <paramref name="rounds"/> rounds; each round draws a context uniformly, asks the policy for an arm,
    /// samples the reward and feeds it back. Deterministic given <paramref name="seed"/>.
    /// </summary>
    public static BanditSimulationResult Run(IBanditPolicy policy, IBanditEnvironment environment, int rounds, int seed = 42,
        IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        var rng = new Random(seed);
        var best = new double[environment.Contexts];
        for (var u = 0; u < best.Length; u++)
        {
            best[u] = double.NegativeInfinity;
            for (var a = 0; a < environment.Arms; a++) best[u] = Math.Max(best[u], environment.ExpectedReward(u, a));
        }
        var reward = new double[rounds]; var regret = new double[rounds]; var counts = new long[environment.Arms];
        double r = 0, g = 0;
        var reportEvery = Math.Max(1, rounds / 20);
        for (var t = 0; t < rounds; t++)
        {
            var u = environment.Contexts == 1 ? 0 : rng.Next(environment.Contexts);
            var arm = policy.Select(u, rng);
            var outcome = environment.Pull(u, arm, rng);
            policy.Update(u, arm, outcome);
            counts[arm]++;
            r += outcome; g += best[u] - environment.ExpectedReward(u, arm);
            reward[t] = r; regret[t] = g;
            if ((t + 1) % reportEvery == 0)
            {
                ct.ThrowIfCancellationRequested();
                progress?.Report(new FitProgress(policy.Name, t + 1, rounds, g / (t + 1)));
            }
        }
        return new BanditSimulationResult(policy.Name, reward, regret, counts);
    }
}
