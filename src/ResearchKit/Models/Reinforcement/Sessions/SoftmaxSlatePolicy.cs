namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// A stochastic behaviour (logging) policy: each position draws, without replacement, from the mixture
/// (1 − ε)·softmax(z/τ) over the user's candidates not yet placed and not shown recently, plus ε·uniform over all
/// items not yet placed (Plackett–Luce with uniform exploration), so every item has positive propensity and
/// off-policy estimators apply. The propensity recorded at position j is that mixture's probability of the item
/// drawn, given positions 0 … j−1; <see cref="FirstDrawProbability"/> is the unconditioned probability β(a|s).
/// </summary>
public sealed class SoftmaxSlatePolicy : ISlatePolicy
{
    private readonly CandidateTable _candidates;
    private readonly Random _rng;
    private readonly float[] _weights;

    /// <summary>Samples around <paramref name="candidates"/>.</summary>
    /// <param name="candidates">The scorer's top-M lists.</param>
    /// <param name="temperature">τ of the softmax over standardised scores (default 0.5; lower is greedier).</param>
    /// <param name="epsilon">Share of uniform exploration per position (default 0.1), in (0, 1].</param>
    /// <param name="seed">Seed of the policy's random stream.</param>
    public SoftmaxSlatePolicy(CandidateTable candidates, double temperature = 0.5, double epsilon = 0.1, int seed = 42)
    {
        _candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
        if (!(temperature > 0) || !double.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be finite and > 0.");
        if (!(epsilon is > 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be in (0, 1] so every item has positive propensity.");
        Temperature = temperature; Epsilon = epsilon;
        _rng = new Random(seed);
        _weights = new float[candidates.M];
        Name = $"softmax({candidates.ModelName},tau={temperature},eps={epsilon})";
    }

    /// <inheritdoc />
    public string Name { get; }
    /// <summary>Softmax temperature τ.</summary>
    public double Temperature { get; }
    /// <summary>Uniform exploration share ε.</summary>
    public double Epsilon { get; }

    /// <summary>β(a|s): the probability that the first draw for <paramref name="user"/> (with <paramref name="recent"/> shown) is <paramref name="item"/>.</summary>
    public double FirstDrawProbability(int user, ReadOnlySpan<int> recent, int item, int itemCount)
    {
        var list = _candidates.Items(user);
        var z = _candidates.Scores(user);
        double total = 0, mine = 0;
        for (var c = 0; c < list.Length; c++)
        {
            if (recent.Contains(list[c])) continue;
            var w = Math.Exp((z[c] - z[0]) / Temperature);
            total += w;
            if (list[c] == item) mine = w;
        }
        return total > 0 ? ((1 - Epsilon) * mine / total) + (Epsilon / itemCount) : 1.0 / itemCount;
    }

    /// <inheritdoc />
    public void Act(SessionEnvironment env, Span<int> slates, Span<float> propensities)
    {
        ArgumentNullException.ThrowIfNull(env);
        int k = env.SlateSize, n = env.ItemCount;
        for (var s = 0; s < env.Slots; s++)
        {
            var user = env.Users[s];
            var list = _candidates.Items(user);
            var z = _candidates.Scores(user);
            var recent = env.RecentItems(s);
            double total = 0;
            var live = 0;
            for (var c = 0; c < list.Length; c++)
            {
                // Shift by the best score so exp never overflows; recent items get no softmax mass.
                _weights[c] = recent.Contains(list[c]) ? 0f : (float)Math.Exp((z[c] - z[0]) / Temperature);
                total += _weights[c];
                if (_weights[c] > 0) live++;
            }
            var slate = slates.Slice(s * k, k);
            for (var j = 0; j < k; j++)
            {
                var eps = live > 0 ? Epsilon : 1.0;
                int item;
                if (_rng.NextDouble() < eps)
                    do item = _rng.Next(n); while (slate[..j].Contains(item));
                else
                {
                    var target = _rng.NextDouble() * total;
                    var c = 0;
                    for (; c < list.Length - 1; c++) { target -= _weights[c]; if (target < 0 && _weights[c] > 0) break; }
                    while (_weights[c] <= 0) c--; // rounding at the end of the scan: step back to a live candidate
                    item = list[c];
                }
                slate[j] = item;
                var idx = list.IndexOf(item);
                var w = idx >= 0 ? _weights[idx] : 0f;
                propensities[(s * k) + j] = (float)(((1 - eps) * (live > 0 ? w / total : 0)) + (eps / (n - j)));
                if (w > 0) { total -= w; _weights[idx] = 0; live--; }
            }
        }
    }
}
