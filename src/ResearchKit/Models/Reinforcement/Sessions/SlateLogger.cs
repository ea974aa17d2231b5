namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>Collects a <see cref="SlateLog"/> by running a behaviour policy in a <see cref="SessionEnvironment"/>.</summary>
public static class SlateLogger
{
    /// <summary>
    /// Resets <paramref name="env"/> with <paramref name="seed"/>, runs <paramref name="behaviour"/> until every slot
    /// finished ⌈sessions / Slots⌉ sessions (<see cref="QuotaLoop"/>, the runner's unbiased quota), and returns every slate of those sessions
    /// with the policy's propensities, the responses and the history before each slate.
    /// </summary>
    public static SlateLog Collect(SessionEnvironment env, ISlatePolicy behaviour, int sessions, int seed = 42,
        IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(behaviour);
        int b = env.Slots, k = env.SlateSize, h = env.RecentItems(0).Length;
        var slates = new int[b * k];
        var prop = new float[b * k];
        var slot = new List<int>(); var session = new List<long>(); var user = new List<int>(); var step = new List<int>();
        var items = new List<int>(); var p = new List<float>(); var click = new List<byte>(); var buy = new List<byte>();
        var reward = new List<float>(); var recent = new List<int>();
        var history = new int[h];
        QuotaLoop.Run(env, behaviour, sessions, seed, slates, prop, beforeStep: s =>
        {
            slot.Add(s); session.Add(env.SessionId(s)); user.Add(env.Users[s]); step.Add(env.StepsInSession[s]);
            items.AddRange(slates.AsSpan(s * k, k)); p.AddRange(prop.AsSpan(s * k, k));
            env.RecentItemsNewestFirst(s, history);
            recent.AddRange(history);
        }, afterStep: s =>
        {
            click.AddRange(env.Clicked.Slice(s * k, k)); buy.AddRange(env.Purchased.Slice(s * k, k)); reward.Add(env.StepReward[s]);
        }, progress, ct);
        // Rows arrive step by step across slots; a stable counting sort by slot makes each session's rows consecutive.
        var n = slot.Count;
        var start = new int[b + 1];
        foreach (var s in slot) start[s + 1]++;
        for (var s = 0; s < b; s++) start[s + 1] += start[s];
        var order = new int[n];
        for (var r = 0; r < n; r++) order[start[slot[r]]++] = r;
        var o = new long[n]; var u = new int[n]; var t = new int[n]; var rw = new float[n];
        var it = new int[n * k]; var pp = new float[n * k]; var cl = new byte[n * k]; var pu = new byte[n * k]; var rc = new int[n * h];
        for (var i = 0; i < n; i++)
        {
            var r = order[i];
            o[i] = session[r]; u[i] = user[r]; t[i] = step[r]; rw[i] = reward[r];
            for (var j = 0; j < k; j++)
            {
                it[(i * k) + j] = items[(r * k) + j]; pp[(i * k) + j] = p[(r * k) + j];
                cl[(i * k) + j] = click[(r * k) + j]; pu[(i * k) + j] = buy[(r * k) + j];
            }
            for (var j = 0; j < h; j++) rc[(i * h) + j] = recent[(r * h) + j];
        }
        return new SlateLog(behaviour.Name, k, h, env.ItemCount, o, u, t, it, pp, cl, pu, rw, rc);
    }
}
