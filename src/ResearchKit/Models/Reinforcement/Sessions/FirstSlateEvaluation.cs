namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>An estimate with its normal-approximation confidence interval.</summary>
/// <param name="Estimator">IPS, SNIPS, DR or on-policy.</param>
/// <param name="Value">The estimate.</param>
/// <param name="Lower">Lower end of the interval.</param>
/// <param name="Upper">Upper end of the interval.</param>
/// <param name="Samples">Logged decisions (or simulated sessions) it rests on.</param>
public sealed record ValueEstimate(string Estimator, double Value, double Lower, double Upper, int Samples)
{
    /// <summary>True when <paramref name="value"/> lies in [Lower, Upper].</summary>
    public bool Covers(double value) => value >= Lower && value <= Upper;
}

/// <summary>
/// Off-policy evaluation of a stochastic slate policy on logged sessions, for a quantity whose estimate is exact
/// under the simulator's response model: the reward at the top position of a session's first slate. At a session's
/// first step the state (user, budget, taste) does not depend on any policy, and the top position's response depends
/// only on the item shown there (later positions see the drift caused by earlier clicks), so the one-step estimators
/// of Dudík, Langford &amp; Li (2011) apply with context = logged session, action = top item, propensity = the behaviour
/// policy's first-draw probability. Whole-session values would need products of per-slate weights, whose variance
/// grows exponentially with the slate and session lengths (Swaminathan et al. 2017); the on-policy comparison in
/// <see cref="PolicyStudy"/> measures those instead.
/// </summary>
public static class FirstSlateEvaluation
{
    /// <summary>The logged first-slate top decisions of <paramref name="log"/>: (row, item, reward, propensity).</summary>
    public static IReadOnlyList<LoggedDecision> TopDecisions(SlateLog log, Func<int, int, double> topReward)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(topReward);
        var k = log.SlateSize;
        var decisions = new List<LoggedDecision>();
        for (var r = 0; r < log.Count; r++)
            if (log.Step[r] == 0)
                decisions.Add(new LoggedDecision(r, log.Items[r * k], topReward(r, r * k), log.Propensity[r * k]));
        return decisions;
    }

    /// <summary>The reward at position <c>offset</c> of a log row under <paramref name="reward"/>: purchases or clicks.</summary>
    public static Func<int, int, double> RewardOf(SlateLog log, SessionReward reward)
    {
        ArgumentNullException.ThrowIfNull(log);
        return reward switch
        {
            SessionReward.Clicks => (_, offset) => log.Clicked[offset],
            SessionReward.Purchases => (_, offset) => log.Purchased[offset],
            _ => throw new ArgumentException($"first-slate evaluation supports click and purchase rewards, not {reward}.", nameof(reward)),
        };
    }

    /// <summary>
    /// IPS, self-normalised IPS and doubly-robust estimates of the target's expected top-position reward, with 95%
    /// intervals from the per-decision terms (SNIPS by the delta method). <paramref name="target"/>(row, item) is the
    /// target's first-draw probability for that logged session's user; <paramref name="rewardModel"/>(row, item) is r̂
    /// for DR (e.g. <see cref="ItemRewardModel"/>), evaluated over <paramref name="itemCount"/> items.
    /// </summary>
    public static IReadOnlyList<ValueEstimate> Estimate(IReadOnlyList<LoggedDecision> decisions, int itemCount,
        Func<int, ReadOnlyMemory<double>> target, Func<int, int, double> rewardModel, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(rewardModel);
        if (decisions.Count < 2) throw new ArgumentException($"off-policy estimates need at least 2 logged first slates, got {decisions.Count}.", nameof(decisions));
        var n = decisions.Count;
        var w = new double[n]; var ips = new double[n]; var dr = new double[n];
        for (var i = 0; i < n; i++)
        {
            var d = decisions[i];
            if (!(d.Propensity > 0)) throw new ArgumentException($"logged row {d.Context} has propensity {d.Propensity}; the behaviour policy must give every item a positive probability.", nameof(decisions));
            var pi = target(d.Context).Span;
            w[i] = pi[d.Arm] / d.Propensity;
            ips[i] = w[i] * d.Reward;
            double direct = 0;
            for (var a = 0; a < itemCount; a++) if (pi[a] != 0) direct += pi[a] * rewardModel(d.Context, a);
            dr[i] = direct + (w[i] * (d.Reward - rewardModel(d.Context, d.Arm)));
        }
        var meanW = w.Average();
        var snips = meanW > 0 ? ips.Sum() / w.Sum() : 0;
        var influence = new double[n];
        for (var i = 0; i < n; i++) influence[i] = meanW > 0 ? w[i] * (decisions[i].Reward - snips) / meanW : 0;
        return [Interval("IPS", ips, level), Interval("SNIPS", influence, level, snips), Interval("DR", dr, level)];
    }

    /// <summary>
    /// r̂(item): the item's top-position reward rate in <paramref name="trainingDecisions"/>, shrunk towards the overall
    /// rate with <paramref name="priorCount"/> pseudo-observations — a reward model fitted on other logs than the ones
    /// evaluated, as DR requires.
    /// </summary>
    public static Func<int, int, double> ItemRewardModel(IReadOnlyList<LoggedDecision> trainingDecisions, int itemCount, double priorCount = 20)
    {
        ArgumentNullException.ThrowIfNull(trainingDecisions);
        var sum = new double[itemCount]; var count = new double[itemCount];
        double total = 0;
        foreach (var d in trainingDecisions) { sum[d.Arm] += d.Reward; count[d.Arm]++; total += d.Reward; }
        var overall = trainingDecisions.Count == 0 ? 0 : total / trainingDecisions.Count;
        var rate = new double[itemCount];
        for (var a = 0; a < itemCount; a++) rate[a] = (sum[a] + (priorCount * overall)) / (count[a] + priorCount);
        return (_, item) => rate[item];
    }

    /// <summary>
    /// The target's true top-position value in the simulator: runs it on-policy for <paramref name="sessions"/> sessions
    /// and averages the top position's reward on each session's first slate.
    /// </summary>
    public static ValueEstimate OnPolicy(SessionEnvironment env, ISlatePolicy policy, int sessions, int seed, double level = 0.95)
    {
        ArgumentNullException.ThrowIfNull(env);
        var log = SlateLogger.Collect(env, policy, sessions, seed);
        var reward = RewardOf(log, env.Options.Reward);
        var values = TopDecisions(log, reward).Select(d => d.Reward).ToArray();
        return Interval("on-policy", values, level);
    }

    private static ValueEstimate Interval(string name, double[] terms, double level, double? centre = null)
    {
        var (mean, _, half) = Normal.MeanInterval(terms, level);
        var value = centre ?? mean;
        return new ValueEstimate(name, value, value - half, value + half, terms.Length);
    }
}
