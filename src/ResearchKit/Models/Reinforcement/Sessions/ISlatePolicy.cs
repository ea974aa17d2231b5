namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// A policy over slates: for every slot of a <see cref="SessionEnvironment"/> it picks k distinct items from what the
/// slot makes observable (user, step, recent items), and says how likely each pick was.
/// </summary>
public interface ISlatePolicy
{
    /// <summary>Display name used in reports.</summary>
    string Name { get; }

    /// <summary>
    /// Fills <paramref name="slates"/> (Slots × k, row-major) and <paramref name="propensities"/> (same shape): the
    /// probability that the policy put that item at that position given the items at the earlier positions
    /// (1 for a deterministic policy), so a slate's probability is the product over its positions.
    /// </summary>
    void Act(SessionEnvironment env, Span<int> slates, Span<float> propensities);

    /// <summary>Called after each <see cref="SessionEnvironment.Step"/> with the slates shown, for policies that learn online.</summary>
    void Observe(SessionEnvironment env, ReadOnlySpan<int> slates) { }
}

/// <summary>k distinct items uniformly at random: the uniform logging policy of the off-policy literature.</summary>
/// <param name="seed">Seed of the policy's random stream.</param>
public sealed class RandomSlatePolicy(int seed = 42) : ISlatePolicy
{
    private readonly Random _rng = new(seed);

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public void Act(SessionEnvironment env, Span<int> slates, Span<float> propensities)
    {
        ArgumentNullException.ThrowIfNull(env);
        int k = env.SlateSize, n = env.ItemCount;
        for (var s = 0; s < env.Slots; s++)
            for (var j = 0; j < k; j++)
            {
                int item;
                do item = _rng.Next(n); while (slates.Slice(s * k, j).Contains(item));
                slates[(s * k) + j] = item;
                propensities[(s * k) + j] = 1f / (n - j);
            }
    }
}
