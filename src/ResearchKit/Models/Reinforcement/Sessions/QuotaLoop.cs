namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// The simulation loop that <see cref="SessionRunner"/> and <see cref="SlateLogger"/> share: reset the environment,
/// then act, step and observe until every slot has finished its quota of ⌈sessions / Slots⌉ sessions. A fixed quota
/// per slot (rather than "the first n sessions to finish", which over-represents short sessions) keeps per-session
/// means unbiased. Slots past their quota keep stepping (the environment is vectorised) but are not reported.
/// </summary>
internal static class QuotaLoop
{
    /// <summary>
    /// Plays <paramref name="policy"/>; <paramref name="beforeStep"/> sees each reported slot after the policy acted
    /// and before the environment stepped, <paramref name="afterStep"/> after the step and the policy's observation
    /// (when <c>env.Ended[slot]</c> tells whether that session just ended). Returns the quota per slot.
    /// </summary>
    public static int Run(SessionEnvironment env, ISlatePolicy policy, int sessions, int seed, int[] slates, float[] propensities,
        Action<int>? beforeStep, Action<int> afterStep, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfLessThan(sessions, 1);
        env.Reset(seed);
        var b = env.Slots;
        var quota = (sessions + b - 1) / b;
        var done = new int[b];
        int finished = 0, completed = 0;
        while (finished < b)
        {
            ct.ThrowIfCancellationRequested();
            policy.Act(env, slates, propensities);
            if (beforeStep is not null)
                for (var s = 0; s < b; s++)
                    if (done[s] < quota) beforeStep(s);
            env.Step(slates);
            policy.Observe(env, slates);
            for (var s = 0; s < b; s++)
            {
                if (done[s] >= quota) continue;
                afterStep(s);
                if (!env.Ended[s]) continue;
                completed++;
                if (++done[s] == quota) finished++;
            }
            progress?.Report(new FitProgress(policy.Name, completed, quota * b));
        }
        return quota;
    }
}
