namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// A model's ranking as a slate policy: the user's best candidates in order, skipping items shown in the session's
/// recent slates (what any production carousel does). Deterministic, so every propensity is 1. With a CF model this
/// is the "CF top-k" policy; with <see cref="ExplorationBonusRecommender"/> the bandit policy.
/// </summary>
public sealed class RankedSlatePolicy : ISlatePolicy
{
    private readonly CandidateTable _candidates;

    /// <summary>Ranks by <paramref name="candidates"/>; <paramref name="name"/> defaults to the model's name.</summary>
    public RankedSlatePolicy(CandidateTable candidates, string? name = null)
    {
        _candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
        Name = name ?? candidates.ModelName;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public void Act(SessionEnvironment env, Span<int> slates, Span<float> propensities)
    {
        ArgumentNullException.ThrowIfNull(env);
        var k = env.SlateSize;
        if (_candidates.M < k) throw new InvalidOperationException($"{Name}: {_candidates.M} candidates per user cannot fill slates of {k}.");
        for (var s = 0; s < env.Slots; s++)
        {
            var list = _candidates.Items(env.Users[s]);
            var recent = env.RecentItems(s);
            var slate = slates.Slice(s * k, k);
            var filled = 0;
            for (var c = 0; c < list.Length && filled < k; c++)
                if (!recent.Contains(list[c])) slate[filled++] = list[c];
            // Every candidate was shown recently: repeat the best ones rather than leave the slate short.
            for (var c = 0; filled < k; c++)
                if (!slate[..filled].Contains(list[c])) slate[filled++] = list[c];
        }
        propensities[..(env.Slots * k)].Fill(1f);
    }
}
