namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>What a policy did over a set of simulated sessions.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Returns">Total reward of each session, in (slot, order) order.</param>
/// <param name="Lengths">Slates of each session.</param>
/// <param name="Users">User of each session.</param>
/// <param name="Steps">User-steps (slates) simulated for the recorded sessions.</param>
/// <param name="Clicks">Clicks in the recorded sessions.</param>
/// <param name="Coverage">Share of the catalogue shown at least once.</param>
/// <param name="SlateDiversity">Mean share of distinct categories in a slate (1 = every item from another category).</param>
public sealed record PolicyRunResult(string Policy, double[] Returns, int[] Lengths, int[] Users, long Steps, long Clicks,
    double Coverage, double SlateDiversity)
{
    /// <summary>Mean reward per session.</summary>
    public double MeanReturn => Returns.Length == 0 ? double.NaN : Returns.Average();

    /// <summary>Normal-approximation confidence interval of <see cref="MeanReturn"/>: mean ± z·s/√n.</summary>
    public (double Lower, double Upper) ReturnInterval(double level = 0.95)
    {
        if (Returns.Length < 2) return (double.NaN, double.NaN);
        var (mean, _, half) = Normal.MeanInterval(Returns, level);
        return (mean - half, mean + half);
    }

    /// <summary>Mean return over the sessions whose user satisfies <paramref name="predicate"/> (e.g. the shop's cold users).</summary>
    public double MeanReturnWhere(Func<int, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        double sum = 0; var n = 0;
        for (var i = 0; i < Returns.Length; i++)
            if (predicate(Users[i])) { sum += Returns[i]; n++; }
        return n == 0 ? double.NaN : sum / n;
    }
}

/// <summary>Runs a slate policy on a <see cref="SessionEnvironment"/> for a fixed number of sessions.</summary>
public static class SessionRunner
{
    /// <summary>
    /// Resets <paramref name="env"/> with <paramref name="seed"/> and plays <paramref name="policy"/> until every slot
    /// has finished its quota of ⌈sessions / Slots⌉ sessions. A fixed quota per slot (rather than "the first n
    /// sessions to finish", which over-represents short sessions) keeps the per-session mean unbiased.
    /// </summary>
    public static PolicyRunResult Run(SessionEnvironment env, ISlatePolicy policy, int sessions, int seed = 42,
        IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(sessions, 1);
        env.Reset(seed);
        int b = env.Slots, k = env.SlateSize;
        var quota = (sessions + b - 1) / b;
        var done = new int[b];
        var slates = new int[b * k];
        var propensities = new float[b * k];
        var shown = new bool[env.ItemCount];
        var returns = new List<double>(quota * b); var lengths = new List<int>(quota * b); var users = new List<int>(quota * b);
        long steps = 0, clicks = 0;
        double diversity = 0;
        var finished = 0;
        Span<int> cats = stackalloc int[k];
        while (finished < b)
        {
            ct.ThrowIfCancellationRequested();
            policy.Act(env, slates, propensities);
            env.Step(slates);
            policy.Observe(env, slates);
            var clicked = env.Clicked;
            var categories = env.ItemCategories;
            for (var s = 0; s < b; s++)
            {
                if (done[s] >= quota) continue;
                steps++;
                var distinct = 0;
                for (var j = 0; j < k; j++)
                {
                    var item = slates[(s * k) + j];
                    shown[item] = true;
                    clicks += clicked[(s * k) + j];
                    var c = categories[item];
                    if (!cats[..distinct].Contains(c)) cats[distinct++] = c;
                }
                diversity += (double)distinct / k;
                if (!env.Ended[s]) continue;
                returns.Add(env.EndedReturn[s]); lengths.Add(env.EndedLength[s]); users.Add(env.EndedUser[s]);
                if (++done[s] == quota) finished++;
            }
            progress?.Report(new FitProgress(policy.Name, returns.Count, quota * b));
        }
        var covered = 0;
        foreach (var x in shown) if (x) covered++;
        return new PolicyRunResult(policy.Name, [.. returns], [.. lengths], [.. users], steps, clicks,
            (double)covered / shown.Length, diversity / Math.Max(1, steps));
    }
}
