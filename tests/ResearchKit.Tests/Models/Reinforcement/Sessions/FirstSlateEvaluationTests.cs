using ResearchKit.Models.Reinforcement;
using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Tests.Models.Reinforcement.Sessions;

public class FirstSlateEvaluationTests
{
    private static readonly double[] ArmMeans = [0.1, 0.5, 0.9];

    /// <summary>Uniform logging over three Bernoulli arms with known means.</summary>
    private static List<LoggedDecision> UniformLog(int n, int seed)
    {
        var rng = new Random(seed);
        var log = new List<LoggedDecision>(n);
        for (var i = 0; i < n; i++)
        {
            var arm = rng.Next(3);
            log.Add(new LoggedDecision(i, arm, rng.NextDouble() < ArmMeans[arm] ? 1 : 0, 1.0 / 3));
        }
        return log;
    }

    [Fact]
    public void Estimate_KnownBandit_EveryIntervalCoversTheTrueValue()
    {
        // Target: arm 2 with probability 0.8, arm 1 with 0.2 → true value 0.8·0.9 + 0.2·0.5 = 0.82.
        var log = UniformLog(30_000, seed: 5);
        ReadOnlyMemory<double> target = new double[] { 0, 0.2, 0.8 };
        var estimates = FirstSlateEvaluation.Estimate(log, 3, _ => target, (_, a) => ArmMeans[a]);
        Assert.Equal(["IPS", "SNIPS", "DR"], estimates.Select(e => e.Estimator).ToArray());
        foreach (var e in estimates)
        {
            Assert.True(e.Covers(0.82), $"{e.Estimator} {e.Value:F4} [{e.Lower:F4}, {e.Upper:F4}]");
            Assert.InRange(e.Upper - e.Lower, 0.001, 0.05);
        }
        // With the true reward model, DR's direct term is exact and its correction has mean zero: tighter than IPS.
        Assert.True(estimates[2].Upper - estimates[2].Lower < estimates[0].Upper - estimates[0].Lower);
    }

    [Fact]
    public void Estimate_TargetEqualsBehaviour_IpsIsTheLoggedMean()
    {
        var log = UniformLog(1000, seed: 6);
        ReadOnlyMemory<double> uniform = new double[] { 1.0 / 3, 1.0 / 3, 1.0 / 3 };
        var ips = FirstSlateEvaluation.Estimate(log, 3, _ => uniform, (_, _) => 0)[0];
        Assert.Equal(log.Average(d => d.Reward), ips.Value, 12);
    }

    [Fact]
    public void Estimate_ZeroPropensity_SaysWhichRow()
    {
        var log = new List<LoggedDecision> { new(0, 0, 1, 0.5), new(7, 1, 0, 0) };
        ReadOnlyMemory<double> target = new double[] { 0.5, 0.5 };
        var error = Assert.Throws<ArgumentException>(() => FirstSlateEvaluation.Estimate(log, 2, _ => target, (_, _) => 0));
        Assert.Contains("row 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_SoftmaxTargetInTheSimulator_CoversItsOnPolicyValue()
    {
        // Behaviour: a flat softmax with much exploration; target: a sharper softmax over the same candidates, whose
        // first-draw probabilities are known exactly. The quantity is exact under the simulator, so the 99% intervals
        // must cover the on-policy value.
        var shop = SessionTestShop.Shop;
        var options = new SessionEnvironmentOptions { Slots = 128, Reward = SessionReward.Clicks };
        var env = new SessionEnvironment(shop, options, seed: 2);
        var behaviour = new SoftmaxSlatePolicy(SessionTestShop.Popularity(60), temperature: 2, epsilon: 0.3, seed: 4);
        var target = new SoftmaxSlatePolicy(SessionTestShop.Popularity(60), temperature: 0.5, epsilon: 0.05, seed: 5);
        var log = SlateLogger.Collect(env, behaviour, 6000, seed: 11);
        var decisions = FirstSlateEvaluation.TopDecisions(log, FirstSlateEvaluation.RewardOf(log, SessionReward.Clicks));
        var n = shop.Dataset.ItemCount;
        var cache = new Dictionary<int, double[]>();
        ReadOnlyMemory<double> Pi(int row)
        {
            var user = log.User[row];
            if (!cache.TryGetValue(user, out var p))
            {
                p = new double[n];
                for (var a = 0; a < n; a++) p[a] = target.FirstDrawProbability(user, [], a, n);
                cache[user] = p;
            }
            return p;
        }
        var estimates = FirstSlateEvaluation.Estimate(decisions, n, Pi, (_, _) => 0, level: 0.99);
        var truth = FirstSlateEvaluation.OnPolicy(env, target, 6000, seed: 12, level: 0.99);
        foreach (var e in estimates)
            Assert.True(e.Lower <= truth.Upper && truth.Lower <= e.Upper, $"{e.Estimator} [{e.Lower:F4}, {e.Upper:F4}] vs on-policy [{truth.Lower:F4}, {truth.Upper:F4}]");
        Assert.True(Math.Abs(estimates[1].Value - truth.Value) < 0.05, $"SNIPS {estimates[1].Value:F4} vs {truth.Value:F4}");
    }
}
