using System.Buffers;
using System.Numerics.Tensors;
using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>Options for <see cref="MmrRecommender"/>.</summary>
public sealed record MmrOptions
{
    /// <summary>Trade-off λ in [0, 1]: 1 ranks by relevance only, 0 by novelty w.r.t. the list only (default 0.7).</summary>
    public double Lambda { get; init; } = 0.7;

    /// <summary>How many of the base model's top items are re-ranked (default 50).</summary>
    public int PoolSize { get; init; } = 50;

    /// <summary>Fit the base model inside <c>Fit</c> (default true).</summary>
    public bool FitBase { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (!(Lambda is >= 0 and <= 1)) throw new ArgumentException($"{nameof(Lambda)} must be in [0, 1], got {Lambda}.");
        if (PoolSize < 1) throw new ArgumentException($"{nameof(PoolSize)} must be ≥ 1, got {PoolSize}.");
    }
}

/// <summary>
/// Maximal marginal relevance re-ranking (Carbonell &amp; Goldstein 1998) for intra-list diversity: from the base model's
/// top <c>PoolSize</c> items, repeatedly pick <c>argmax λ·rel(i) − (1−λ)·max_{j∈S} sim(i, j)</c>, with rel min-max
/// normalised over the pool and sim the cosine of item vectors (e.g. ALS item factors or category one-hots).
/// The re-ranked order is written back as scores (pool items above every other item), so the model contract,
/// batch evaluation and fusion all see the diversified list.
/// </summary>
public sealed class MmrRecommender : RecommenderBase
{
    private readonly IRecommender _base;
    private readonly float[] _vectors;
    private readonly int _dim;

    /// <summary>
    /// Wraps <paramref name="baseModel"/>; <paramref name="itemVectors"/> is row-major, <paramref name="dim"/> values per item.
    /// </summary>
    public MmrRecommender(IRecommender baseModel, float[] itemVectors, int dim, MmrOptions? options = null)
    {
        _base = baseModel ?? throw new ArgumentNullException(nameof(baseModel));
        ArgumentNullException.ThrowIfNull(itemVectors);
        if (dim < 1 || itemVectors.Length % dim != 0)
            throw new ArgumentException($"itemVectors length {itemVectors.Length} is not a multiple of dim {dim}.", nameof(itemVectors));
        Options = options ?? new MmrOptions();
        Options.Validate();
        _dim = dim;
        _vectors = (float[])itemVectors.Clone();
        for (var i = 0; i < _vectors.Length / dim; i++)
        {
            var row = _vectors.AsSpan(i * dim, dim);
            var norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
        Name = $"mmr({_base.Name})";
    }

    /// <summary>The options.</summary>
    public MmrOptions Options { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        if (_vectors.Length / _dim != train.ItemCount)
            throw new ArgumentException($"{Name}: {_vectors.Length / _dim} item vectors for {train.ItemCount} items.");
        if (Options.FitBase) _base.Fit(train, progress, ct);
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        _base.Score(user, scores);
        ApplyFilter(Train, user, RecommendFilter.Default, scores);
        var pool = Math.Min(Options.PoolSize, scores.Length);
        // Pooled buffers: ScoreCore runs once per user in batch evaluation.
        var items = ArrayPool<int>.Shared.Rent(pool); var rel = ArrayPool<float>.Shared.Rent(pool); var order = ArrayPool<int>.Shared.Rent(pool);
        try
        {
            var m = TopK.Select(scores, pool, items.AsSpan(0, pool), rel.AsSpan(0, pool));
            Rerank(items.AsSpan(0, m), rel.AsSpan(0, m), order.AsSpan(0, m));
            // Everything outside the pool keeps its order but is squeezed into [-2, -1], below the pool's 1..m.
            float lo = float.PositiveInfinity, hi = float.NegativeInfinity;
            foreach (var s in scores)
                if (float.IsFinite(s)) { lo = MathF.Min(lo, s); hi = MathF.Max(hi, s); }
            var span = hi - lo;
            for (var i = 0; i < scores.Length; i++)
                if (float.IsFinite(scores[i])) scores[i] = (span > 0 ? (scores[i] - hi) / span : 0f) - 1f;
            for (var r = 0; r < m; r++) scores[order[r]] = m - r;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(items); ArrayPool<float>.Shared.Return(rel); ArrayPool<int>.Shared.Return(order);
        }
    }

    /// <summary>Returns the pool's items in MMR order.</summary>
    internal int[] Rerank(ReadOnlySpan<int> items, ReadOnlySpan<float> relevance)
    {
        var result = new int[items.Length];
        Rerank(items, relevance, result);
        return result;
    }

    /// <summary>Writes the pool's items in MMR order into <paramref name="result"/> (same length as <paramref name="items"/>).</summary>
    private void Rerank(ReadOnlySpan<int> items, ReadOnlySpan<float> relevance, Span<int> result)
    {
        var m = items.Length;
        if (m == 0) return;
        float max = relevance[0], min = relevance[m - 1], range = max - min;
        var maxSim = ArrayPool<float>.Shared.Rent(m);
        var taken = ArrayPool<bool>.Shared.Rent(m);
        try
        {
            Array.Fill(maxSim, float.NegativeInfinity, 0, m);
            Array.Clear(taken, 0, m);
            var lambda = (float)Options.Lambda;
            for (var r = 0; r < m; r++)
            {
                var best = -1; var bestValue = float.NegativeInfinity;
                for (var c = 0; c < m; c++)
                {
                    if (taken[c]) continue;
                    var relNorm = range > 0 ? (relevance[c] - min) / range : 1f;
                    var penalty = r == 0 ? 0f : maxSim[c];
                    var value = (lambda * relNorm) - ((1 - lambda) * penalty);
                    if (value > bestValue) { bestValue = value; best = c; }
                }
                taken[best] = true;
                result[r] = items[best];
                var chosen = _vectors.AsSpan(items[best] * _dim, _dim);
                for (var c = 0; c < m; c++)
                {
                    if (taken[c]) continue;
                    var sim = TensorPrimitives.Dot(chosen, _vectors.AsSpan(items[c] * _dim, _dim));
                    if (sim > maxSim[c]) maxSim[c] = sim;
                }
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(maxSim);
            ArrayPool<bool>.Shared.Return(taken);
        }
    }
}
