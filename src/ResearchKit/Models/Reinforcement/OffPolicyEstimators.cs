namespace ResearchKit.Models.Reinforcement;

/// <summary>One logged bandit decision: context, chosen arm, observed reward and the logging policy's propensity.</summary>
/// <param name="Context">The context (user).</param>
/// <param name="Arm">The arm the logging policy chose.</param>
/// <param name="Reward">The observed reward.</param>
/// <param name="Propensity">The logging policy's probability of that arm in that context (&gt; 0).</param>
public readonly record struct LoggedDecision(int Context, int Arm, double Reward, double Propensity);

/// <summary>
/// Off-policy evaluation: the value a target policy would have had, estimated from decisions logged by another policy.
/// See Dudík, Langford &amp; Li 2011 ("Doubly robust policy evaluation and learning") for all three estimators.
/// </summary>
public static class OffPolicyEstimators
{
    /// <summary>Inverse propensity scoring: <c>(1/n) Σ π(a|x)/μ(a|x) · r</c>. Unbiased when propensities are right.</summary>
    public static double Ips(IReadOnlyList<LoggedDecision> log, Func<int, int, double> targetProbability)
    {
        Check(log, targetProbability);
        double sum = 0;
        foreach (var d in log) sum += Weight(d, targetProbability) * d.Reward;
        return sum / log.Count;
    }

    /// <summary>Self-normalised IPS: <c>Σ w·r / Σ w</c> with <c>w = π/μ</c>. Slightly biased, much lower variance.</summary>
    public static double Snips(IReadOnlyList<LoggedDecision> log, Func<int, int, double> targetProbability)
    {
        Check(log, targetProbability);
        double num = 0, den = 0;
        foreach (var d in log)
        {
            var w = Weight(d, targetProbability);
            num += w * d.Reward; den += w;
        }
        return den > 0 ? num / den : 0;
    }

    /// <summary>
    /// Doubly robust: <c>(1/n) Σ [ Σ_a π(a|x) r̂(x,a) + π(a_i|x)/μ(a_i|x) · (r_i − r̂(x,a_i)) ]</c> — unbiased if either the
    /// propensities or the reward model r̂ are right.
    /// </summary>
    public static double DoublyRobust(IReadOnlyList<LoggedDecision> log, int arms, Func<int, int, double> targetProbability,
        Func<int, int, double> rewardModel)
    {
        Check(log, targetProbability);
        ArgumentNullException.ThrowIfNull(rewardModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(arms, 1);
        double sum = 0;
        foreach (var d in log)
        {
            double direct = 0;
            for (var a = 0; a < arms; a++)
            {
                var p = targetProbability(d.Context, a);
                if (p != 0) direct += p * rewardModel(d.Context, a);
            }
            sum += direct + (Weight(d, targetProbability) * (d.Reward - rewardModel(d.Context, d.Arm)));
        }
        return sum / log.Count;
    }

    private static double Weight(LoggedDecision d, Func<int, int, double> target)
    {
        if (!(d.Propensity > 0))
            throw new ArgumentException($"Logged decision (context {d.Context}, arm {d.Arm}) has propensity {d.Propensity}; expected > 0.");
        return target(d.Context, d.Arm) / d.Propensity;
    }

    private static void Check(IReadOnlyList<LoggedDecision> log, Func<int, int, double> target)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(target);
        if (log.Count == 0) throw new ArgumentException("The log is empty; off-policy estimates need logged decisions.", nameof(log));
    }
}
