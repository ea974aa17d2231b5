using ResearchKit.Models.Reinforcement;

namespace ResearchKit.Tests.Models.Reinforcement;

public class OffPolicyEstimatorsTests
{
    // 3 contexts × 4 arms; the best arms are 2, 0, 3 with probabilities 0.7, 0.6, 0.5 → true value 0.6.
    private static readonly double[] P = [0.1, 0.2, 0.7, 0.3, 0.6, 0.1, 0.2, 0.2, 0.1, 0.3, 0.2, 0.5];
    private static readonly int[] Best = [2, 0, 3];

    private static List<LoggedDecision> UniformLog(int n, int seed)
    {
        var env = new BernoulliEnvironment(P, 3);
        var rng = new Random(seed);
        var log = new List<LoggedDecision>(n);
        for (var i = 0; i < n; i++)
        {
            var u = rng.Next(3); var a = rng.Next(4);
            log.Add(new LoggedDecision(u, a, env.Pull(u, a, rng), 0.25));
        }
        return log;
    }

    private static double Target(int context, int arm) => arm == Best[context] ? 1 : 0;

    [Fact]
    public void Estimators_UniformLogging_RecoverTrueValueOfGreedyTarget()
    {
        var log = UniformLog(120_000, 1);
        Assert.Equal(0.6, OffPolicyEstimators.Ips(log, Target), 2);
        Assert.Equal(0.6, OffPolicyEstimators.Snips(log, Target), 2);
        Assert.Equal(0.6, OffPolicyEstimators.DoublyRobust(log, 4, Target, (u, a) => P[(u * 4) + a]), 2);
    }

    [Fact]
    public void DoublyRobust_ExactRewardModel_HasLowerErrorThanIpsOnSmallLogs()
    {
        double ipsError = 0, drError = 0;
        for (var seed = 0; seed < 30; seed++)
        {
            var log = UniformLog(400, seed);
            ipsError += Math.Abs(OffPolicyEstimators.Ips(log, Target) - 0.6);
            drError += Math.Abs(OffPolicyEstimators.DoublyRobust(log, 4, Target, (u, a) => P[(u * 4) + a]) - 0.6);
        }
        Assert.True(drError < 0.8 * ipsError, $"DR error {drError} vs IPS {ipsError}");
    }

    [Fact]
    public void Ips_ZeroPropensity_ErrorNamesTheDecision()
    {
        var e = Assert.Throws<ArgumentException>(() => OffPolicyEstimators.Ips([new LoggedDecision(1, 2, 1, 0)], Target));
        Assert.Contains("context 1, arm 2", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => OffPolicyEstimators.Snips([], Target));
    }
}
