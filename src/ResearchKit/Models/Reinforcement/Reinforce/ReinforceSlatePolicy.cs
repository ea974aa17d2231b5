using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Models.Reinforcement.Reinforce;

/// <summary>
/// A trained <see cref="ReinforcePolicy"/> serving slates: one batched forward pass over every slot's state (in-session
/// history newest first, then the user's prior items), then each slot's top-k items by π excluding items shown in
/// the session's recent slates. Greedy, so propensities are 1; <see cref="TopItemProbability"/> gives π for OPE.
/// </summary>
public sealed class ReinforceSlatePolicy : ISlatePolicy
{
    private readonly ReinforcePolicy _policy;
    private readonly UserHistoryTable _prior;
    private int[] _history = [], _top = [];
    private float[] _logits = [], _topScores = [];

    /// <summary>Serves <paramref name="policy"/> with the prior histories of <paramref name="prior"/>.</summary>
    public ReinforceSlatePolicy(ReinforcePolicy policy, UserHistoryTable prior, string name = "rl")
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _prior = prior ?? throw new ArgumentNullException(nameof(prior));
        if (prior.Size < policy.Options.PriorHistory) throw new ArgumentException($"prior history has {prior.Size} slots, the policy reads {policy.Options.PriorHistory}.", nameof(prior));
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Writes the state history of <paramref name="user"/> with in-session items <paramref name="recentNewestFirst"/> into <paramref name="destination"/>.</summary>
    public void State(int user, ReadOnlySpan<int> recentNewestFirst, Span<int> destination)
    {
        var o = _policy.Options;
        destination.Fill(-1);
        recentNewestFirst[..Math.Min(o.SessionHistory, recentNewestFirst.Length)].CopyTo(destination);
        _prior.Of(user)[..o.PriorHistory].CopyTo(destination[o.SessionHistory..]);
    }

    /// <inheritdoc />
    public void Act(SessionEnvironment env, Span<int> slates, Span<float> propensities)
    {
        ArgumentNullException.ThrowIfNull(env);
        int b = env.Slots, k = env.SlateSize, h = _policy.Options.HistorySize, n = env.ItemCount;
        if (_history.Length != b * h)
        {
            _history = new int[b * h]; _logits = new float[b * n];
            _top = new int[k + env.RecentItems(0).Length]; _topScores = new float[_top.Length];
        }
        Span<int> recent = stackalloc int[env.RecentItems(0).Length];
        for (var s = 0; s < b; s++)
        {
            env.RecentItemsNewestFirst(s, recent);
            State(env.Users[s], recent, _history.AsSpan(s * h, h));
        }
        _policy.Logits(_history, b, _logits);
        for (var s = 0; s < b; s++)
        {
            // Take the top k + |recent| and drop recent items: enough to fill the slate without a full sort.
            var row = _logits.AsSpan(s * n, n);
            var got = TopK.Select(row, _top.Length, _top, _topScores);
            var ring = env.RecentItems(s);
            var filled = 0;
            for (var c = 0; c < got && filled < k; c++)
                if (!ring.Contains(_top[c])) slates[(s * k) + filled++] = _top[c];
            for (var c = 0; filled < k; c++)
                if (!slates.Slice(s * k, filled).Contains(_top[c])) slates[(s * k) + filled++] = _top[c];
        }
        propensities[..(b * k)].Fill(1f);
    }

    /// <summary>π(item | state) under the softmax of the policy head, for one state history.</summary>
    public double TopItemProbability(ReadOnlySpan<int> history, int item)
    {
        var logits = new float[_policy.ItemCount];
        _policy.Logits(history, 1, logits);
        var max = logits.Max();
        double z = 0;
        foreach (var l in logits) z += Math.Exp(l - max);
        return Math.Exp(logits[item] - max) / z;
    }
}
