namespace ResearchKit.Data.Sampling;

/// <summary>How <see cref="NegativeSampler"/> draws candidate items.</summary>
public enum NegativeSampling
{
    /// <summary>Every item equally likely.</summary>
    Uniform,
    /// <summary>Items ∝ (interaction count)^exponent (word2vec-style 0.75 by default), so negatives are "hard".</summary>
    Popularity,
}

/// <summary>
/// Draws items a user has not interacted with, for BPR-style training and sampled evaluation. Candidates come from
/// a uniform draw or a Walker alias table over popularity; a candidate is rejected when it is in the user's
/// positives (binary search in the sorted CSR row). Deterministic given the seed, no allocation per sample, and
/// thread-safe (the sampler itself is immutable; callers pass their own random stream).
/// </summary>
public sealed class NegativeSampler
{
    private const int MaxRejections = 64;
    private readonly CsrMatrix _positives;
    private readonly float[]? _aliasProbability;
    private readonly int[]? _alias;

    /// <summary>Builds a sampler over the user × item matrix <paramref name="positives"/>.</summary>
    public NegativeSampler(CsrMatrix positives, NegativeSampling mode = NegativeSampling.Uniform, double popularityExponent = 0.75)
    {
        ArgumentNullException.ThrowIfNull(positives);
        if (positives.Cols == 0) throw new ArgumentException("Cannot sample negatives from a matrix with no items.", nameof(positives));
        if (!(popularityExponent >= 0) || double.IsInfinity(popularityExponent))
            throw new ArgumentOutOfRangeException(nameof(popularityExponent), popularityExponent, "The popularity exponent must be a finite number ≥ 0.");
        _positives = positives;
        Mode = mode;
        if (mode == NegativeSampling.Popularity)
        {
            var weights = new double[positives.Cols];
            foreach (var c in positives.ColumnIndices) weights[c]++;
            for (var i = 0; i < weights.Length; i++) weights[i] = Math.Pow(weights[i] + 1, popularityExponent);   // +1: unseen items stay reachable
            (_aliasProbability, _alias) = BuildAlias(weights);
        }
    }

    /// <summary>The candidate distribution.</summary>
    public NegativeSampling Mode { get; }

    /// <summary>
    /// Fills <paramref name="negatives"/> with items <paramref name="user"/> has no interaction with, drawing from
    /// the random stream <c>(seed, stream)</c>; the same arguments always give the same items.
    /// Throws <see cref="InvalidOperationException"/> when the user has interacted with every item.
    /// </summary>
    public void Sample(int user, Span<int> negatives, long seed, long stream = 0)
    {
        var rng = new SeededRandom(seed, stream);
        var row = _positives.RowIndices(user);
        var n = _positives.Cols;
        if (row.Length >= n) throw new InvalidOperationException($"User {user} has interacted with all {n} items; there is no negative to sample.");
        for (var s = 0; s < negatives.Length; s++)
        {
            var item = -1;
            for (var attempt = 0; attempt < MaxRejections && item < 0; attempt++)
            {
                var c = Draw(ref rng, n);
                if (row.BinarySearch(c) < 0) item = c;
            }
            // Users who touched almost everything: walk from a random start to the next non-positive item.
            if (item < 0)
            {
                var c = rng.NextInt(n);
                while (row.BinarySearch(c) >= 0) c = (c + 1) % n;
                item = c;
            }
            negatives[s] = item;
        }
    }

    /// <summary>
    /// One negative per entry of <paramref name="users"/> into <paramref name="negatives"/>;
    /// entry j uses stream j of <paramref name="seed"/>, so callers can cut the batch into chunks for threads and get the same result.
    /// </summary>
    public void SampleBatch(ReadOnlySpan<int> users, Span<int> negatives, long seed)
    {
        if (negatives.Length != users.Length) throw new ArgumentException("negatives must have one slot per user entry.", nameof(negatives));
        for (var j = 0; j < users.Length; j++) Sample(users[j], negatives.Slice(j, 1), seed, j);
    }

    private int Draw(ref SeededRandom rng, int n)
    {
        var c = rng.NextInt(n);
        if (_alias is null) return c;
        return rng.NextDouble() < _aliasProbability![c] ? c : _alias[c];
    }

    // Vose's alias method: O(n) build, O(1) draw.
    private static (float[] Probability, int[] Alias) BuildAlias(double[] weights)
    {
        var n = weights.Length;
        var total = weights.Sum();
        var scaled = new double[n];
        for (var i = 0; i < n; i++) scaled[i] = weights[i] * n / total;
        var prob = new float[n]; var alias = new int[n];
        var small = new Stack<int>(); var large = new Stack<int>();
        for (var i = 0; i < n; i++) (scaled[i] < 1 ? small : large).Push(i);
        while (small.Count > 0 && large.Count > 0)
        {
            int s = small.Pop(), l = large.Pop();
            prob[s] = (float)scaled[s]; alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }
        while (large.Count > 0) { var l = large.Pop(); prob[l] = 1; alias[l] = l; }
        while (small.Count > 0) { var s = small.Pop(); prob[s] = 1; alias[s] = s; }
        return (prob, alias);
    }
}
