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
    /// has finished its quota of ⌈sessions / Slots⌉ sessions (<see cref="QuotaLoop"/>).
    /// </summary>
    public static PolicyRunResult Run(SessionEnvironment env, ISlatePolicy policy, int sessions, int seed = 42,
        IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        int b = env.Slots, k = env.SlateSize;
        var slates = new int[b * k];
        var shown = new bool[env.ItemCount];
        var cats = new int[k];
        var returns = new List<double>(); var lengths = new List<int>(); var users = new List<int>();
        long steps = 0, clicks = 0;
        double diversity = 0;
        QuotaLoop.Run(env, policy, sessions, seed, slates, new float[b * k], beforeStep: null, afterStep: s =>
        {
            steps++;
            var clicked = env.Clicked;
            var categories = env.ItemCategories;
            var distinct = 0;
            for (var j = 0; j < k; j++)
            {
                var item = slates[(s * k) + j];
                shown[item] = true;
                clicks += clicked[(s * k) + j];
                var c = categories[item];
                if (Array.IndexOf(cats, c, 0, distinct) < 0) cats[distinct++] = c;
            }
            diversity += (double)distinct / k;
            if (!env.Ended[s]) return;
            returns.Add(env.EndedReturn[s]); lengths.Add(env.EndedLength[s]); users.Add(env.EndedUser[s]);
        }, progress, ct);
        var covered = 0;
        foreach (var x in shown) if (x) covered++;
        return new PolicyRunResult(policy.Name, [.. returns], [.. lengths], [.. users], steps, clicks,
            (double)covered / shown.Length, diversity / Math.Max(1, steps));
    }
}
