using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Models.Reinforcement.Reinforce;

/// <summary>How a <see cref="ReinforceSlatePolicy"/> turns the policy's logits into slates.</summary>
public sealed record ReinforceServingOptions
{
    /// <summary>
    /// The candidate generator: the policy re-ranks these lists (as Chen et al. deploy it, over a candidate
    /// generator's output) instead of the whole catalogue; null ranks every item (default null).
    /// </summary>
    public CandidateTable? Candidates { get; init; }

    /// <summary>Weight of the candidate generator's standardised score added to the policy logit (default 0).</summary>
    public double CandidateScoreWeight { get; init; }

    /// <summary>
    /// 0 (default): greedy top-k. &gt; 0: each position is drawn without replacement from softmax(logit/τ) over the
    /// eligible items (Plackett–Luce), with the propensities recorded — the stochastic policy π that off-policy
    /// evaluation estimates.
    /// </summary>
    public double Temperature { get; init; }

    /// <summary>Seed of the sampling stream (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (!double.IsFinite(CandidateScoreWeight) || CandidateScoreWeight < 0) throw new ArgumentException($"{nameof(CandidateScoreWeight)} must be finite and ≥ 0, got {CandidateScoreWeight}.");
        if (!double.IsFinite(Temperature) || Temperature < 0) throw new ArgumentException($"{nameof(Temperature)} must be finite and ≥ 0, got {Temperature}.");
    }
}

/// <summary>
/// A trained <see cref="ReinforcePolicy"/> serving slates: one batched forward pass over every slot's state (in-session
/// history newest first, then the user's prior items), then each slot's k items by π — greedily or sampled — among the
/// eligible items: the candidates (or the catalogue) not shown in the session's recent slates.
/// </summary>
public sealed class ReinforceSlatePolicy : ISlatePolicy
{
    private readonly ReinforcePolicy _policy;
    private readonly UserHistoryTable _prior;
    private readonly ReinforceServingOptions _o;
    private readonly Random _rng;
    private int[] _history = [];
    private float[] _logits = [];
    private double[] _weights = [];
    private int[] _eligible = [];

    /// <summary>Serves <paramref name="policy"/> with the prior histories of <paramref name="prior"/>.</summary>
    public ReinforceSlatePolicy(ReinforcePolicy policy, UserHistoryTable prior, string name = "rl", ReinforceServingOptions? serving = null)
    {
        _policy = policy ?? throw new ArgumentNullException(nameof(policy));
        _prior = prior ?? throw new ArgumentNullException(nameof(prior));
        if (prior.Size < policy.Options.PriorHistory) throw new ArgumentException($"prior history has {prior.Size} slots, the policy reads {policy.Options.PriorHistory}.", nameof(prior));
        _o = serving ?? new ReinforceServingOptions();
        _o.Validate();
        _rng = new Random(_o.Seed);
        Name = name;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The serving options.</summary>
    public ReinforceServingOptions Serving => _o;

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
        if (_history.Length != b * h) { _history = new int[b * h]; _logits = new float[b * n]; }
        Span<int> recent = stackalloc int[env.RecentItems(0).Length];
        for (var s = 0; s < b; s++)
        {
            env.RecentItemsNewestFirst(s, recent);
            State(env.Users[s], recent, _history.AsSpan(s * h, h));
        }
        _policy.Logits(_history, b, _logits);
        for (var s = 0; s < b; s++)
            FillSlate(env.Users[s], env.RecentItems(s), _logits.AsSpan(s * n, n), slates.Slice(s * k, k), propensities.Slice(s * k, k));
    }

    /// <summary>
    /// π's probability of each eligible item as the first draw for <paramref name="user"/> with nothing shown yet
    /// (<see cref="ReinforceServingOptions.Temperature"/> &gt; 0), written into <paramref name="probabilities"/> (items; 0 = not eligible).
    /// </summary>
    public void FirstDrawProbabilities(int user, Span<double> probabilities)
    {
        if (!(_o.Temperature > 0)) throw new InvalidOperationException($"{Name} is greedy (Temperature 0): its first draw is deterministic; serve with Temperature > 0 to evaluate it off-policy.");
        int n = _policy.ItemCount, h = _policy.Options.HistorySize;
        var history = new int[h];
        State(user, [], history);
        var logits = new float[n];
        _policy.Logits(history, 1, logits);
        var count = Eligible(user, [], logits, []);
        probabilities.Clear();
        var total = 0.0;
        for (var c = 0; c < count; c++) total += _weights[c];
        for (var c = 0; c < count; c++) probabilities[_eligible[c]] = _weights[c] / total;
    }

    /// <summary>The eligible items with their adjusted logits in <see cref="_eligible"/>/<see cref="_weights"/>; returns how many.</summary>
    private int Eligible(int user, ReadOnlySpan<int> recent, ReadOnlySpan<float> logits, ReadOnlySpan<int> placed)
    {
        var table = _o.Candidates;
        var list = table is null ? default : table.Items(user);
        var z = table is null ? default : table.Scores(user);
        var m = table is null ? logits.Length : list.Length;
        if (_eligible.Length < m) { _eligible = new int[m]; _weights = new double[m]; }
        var count = 0;
        for (var c = 0; c < m; c++)
        {
            var item = table is null ? c : list[c];
            if (recent.Contains(item) || placed.Contains(item)) continue;
            _eligible[count] = item;
            _weights[count++] = logits[item] + (table is null ? 0 : _o.CandidateScoreWeight * z[c]);
        }
        if (count == 0) return 0;
        if (_o.Temperature > 0)
        {
            var max = double.NegativeInfinity;
            for (var c = 0; c < count; c++) max = Math.Max(max, _weights[c]);
            for (var c = 0; c < count; c++) _weights[c] = Math.Exp((_weights[c] - max) / _o.Temperature);
        }
        return count;
    }

    private void FillSlate(int user, ReadOnlySpan<int> recent, ReadOnlySpan<float> logits, Span<int> slate, Span<float> propensities)
    {
        for (var j = 0; j < slate.Length; j++)
        {
            var placed = slate[..j];
            var count = Eligible(user, recent, logits, placed);
            if (count == 0) count = Eligible(user, [], logits, placed);   // everything eligible was shown recently: repeat
            if (count == 0) throw new InvalidOperationException($"{Name}: fewer than {slate.Length} candidates for user {user}.");
            int pick;
            if (_o.Temperature > 0)
            {
                double total = 0;
                for (var c = 0; c < count; c++) total += _weights[c];
                var u = _rng.NextDouble() * total;
                pick = count - 1;
                for (var c = 0; c < count; c++) { u -= _weights[c]; if (u < 0) { pick = c; break; } }
                propensities[j] = (float)(_weights[pick] / total);
            }
            else
            {
                pick = 0;
                for (var c = 1; c < count; c++) if (_weights[c] > _weights[pick]) pick = c;
                propensities[j] = 1f;
            }
            slate[j] = _eligible[pick];
        }
    }
}
