using ResearchKit.Data;

namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// Observable signals of showing item i in a session state s, x(s, i), for the learned slate policies: the candidate
/// generator's standardised score of i for the user (items outside the user's candidates sit one unit below the
/// last), i's standardised log(1 + interactions) in the training log, its standardised category-relative log price,
/// the session's exposure to i's category (each earlier slate of the session counts decay^t, t = 0 for the last), and
/// the session's clicks in i's category (decayed the same way). The two pull against each other — the simulator's
/// users tire of a category they are shown, and their taste drifts towards what they click — and only together can a
/// model learned from logs tell them apart. Every signal is observable by a recommender: nothing here reads the
/// simulator's hidden state. A session's state is a buffer of <see cref="StateLength"/> floats (exposure per category,
/// then clicks per category), filled by <see cref="Exposure"/> and <see cref="AddClicks"/>.
/// </summary>
public sealed class SessionSignals
{
    /// <summary>Signals per (state, item): base score, popularity, price, category exposure, clicks in the category.</summary>
    public const int Count = 5;

    /// <summary>The signals' names, in their order in x(s, i).</summary>
    public static IReadOnlyList<string> Names { get; } = ["base score", "popularity", "price", "category exposure", "clicks in category"];

    /// <summary>Length of a session state: exposure per category, then clicks per category.</summary>
    public int StateLength => 2 * Categories;

    private readonly CandidateTable _candidates;
    private readonly float[] _popularity, _price, _slateWeight;
    private readonly int[] _category;

    /// <summary>Signals over <paramref name="candidates"/> (the base model's lists) and <paramref name="data"/>'s log and catalogue.</summary>
    /// <param name="data">The training data: interaction counts, and the catalogue's prices and categories.</param>
    /// <param name="candidates">The candidate generator's lists and standardised scores.</param>
    /// <param name="slateSize">Items per slate, so exposure decays per slate rather than per item.</param>
    /// <param name="exposureDecay">Per-slate decay of the category exposure (default 0.7).</param>
    public SessionSignals(Dataset data, CandidateTable candidates, int slateSize, double exposureDecay = 0.7)
    {
        ArgumentNullException.ThrowIfNull(data);
        _candidates = candidates ?? throw new ArgumentNullException(nameof(candidates));
        ArgumentOutOfRangeException.ThrowIfLessThan(slateSize, 1);
        if (!(exposureDecay is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(exposureDecay), exposureDecay, "exposureDecay must be in [0, 1].");
        var catalog = data.Items ?? throw new ArgumentException("the dataset has no item catalogue; the session signals need prices and categories.", nameof(data));
        var n = data.ItemCount;
        SlateSize = slateSize; ExposureDecay = exposureDecay;
        _category = [.. catalog.Category];
        for (var i = 0; i < n; i++) Categories = Math.Max(Categories, _category[i] + 1);
        _popularity = new float[n];
        foreach (var i in data.Interactions.Items) _popularity[i]++;
        for (var i = 0; i < n; i++) _popularity[i] = MathF.Log(1 + _popularity[i]);
        _price = SessionEnvironment.LogPriceRatios(catalog.Price, _category, Categories);
        ScoreNormalizer.Normalize(_popularity, ScoreNormalization.ZScore);
        ScoreNormalizer.Normalize(_price, ScoreNormalization.ZScore);
        _slateWeight = new float[64 + 1];   // slates back, up to SessionEnvironmentOptions.RecentSlates' bound of 64
        for (var t = 0; t < _slateWeight.Length; t++) _slateWeight[t] = (float)Math.Pow(exposureDecay, t);
    }

    /// <summary>Items per slate.</summary>
    public int SlateSize { get; }
    /// <summary>Per-slate decay of the category exposure.</summary>
    public double ExposureDecay { get; }
    /// <summary>Item categories.</summary>
    public int Categories { get; }
    /// <summary>The candidate generator.</summary>
    public CandidateTable Candidates => _candidates;

    /// <summary>Writes the session's exposure per category, from its recent items newest first (−1 = empty), into the first half of <paramref name="state"/>.</summary>
    public void Exposure(ReadOnlySpan<int> recentNewestFirst, Span<float> state)
    {
        var exposure = state[..Categories];
        exposure.Clear();
        for (var q = 0; q < recentNewestFirst.Length; q++)
        {
            var item = recentNewestFirst[q];
            if (item < 0) continue;
            exposure[_category[item]] += _slateWeight[Math.Min(q / SlateSize, _slateWeight.Length - 1)];
        }
    }

    /// <summary>After a slate: decays the clicks half of <paramref name="state"/> by the per-slate decay and adds the categories of the clicked items.</summary>
    public void AddClicks(ReadOnlySpan<int> slate, ReadOnlySpan<byte> clicked, Span<float> state)
    {
        var clicks = state.Slice(Categories, Categories);
        for (var c = 0; c < clicks.Length; c++) clicks[c] *= (float)ExposureDecay;
        for (var j = 0; j < slate.Length; j++) if (clicked[j] != 0) clicks[_category[slate[j]]] += 1;
    }

    /// <summary>Writes x(s, i) for <paramref name="user"/> and <paramref name="item"/> in session <paramref name="state"/> into <paramref name="x"/> (<see cref="Count"/>).</summary>
    public void Write(int user, int item, ReadOnlySpan<float> state, Span<float> x) =>
        WriteCandidate(user, _candidates.Items(user).IndexOf(item), item, state, x);

    /// <summary>As <see cref="Write"/> for the user's candidate at <paramref name="index"/> (−1: not a candidate), skipping the lookup.</summary>
    public void WriteCandidate(int user, int index, int item, ReadOnlySpan<float> state, Span<float> x)
    {
        var z = _candidates.Scores(user);
        x[0] = index >= 0 ? z[index] : z[^1] - 1;
        x[1] = _popularity[item];
        x[2] = _price[item];
        x[3] = state[_category[item]];
        x[4] = state[Categories + _category[item]];
    }

}
