using System.Buffers;
using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>Rank-level fusion rules.</summary>
public enum RankFusionMethod
{
    /// <summary>Reciprocal rank fusion: Σ w / (c + rank) (Cormack, Clarke &amp; Büttcher 2009), c = <see cref="RankFusionOptions.RrfConstant"/>.</summary>
    ReciprocalRank,
    /// <summary>Borda count: Σ w · (depth − rank + 1) / depth.</summary>
    Borda,
    /// <summary>CombSUM (Fox &amp; Shaw 1994): Σ w · min-max-normalised score within each list.</summary>
    CombSum,
    /// <summary>CombMNZ: CombSUM × the number of lists that contain the item.</summary>
    CombMnz,
}

/// <summary>Options for <see cref="RankFusionRecommender"/>.</summary>
public sealed record RankFusionOptions
{
    /// <summary>The rule. Default <see cref="RankFusionMethod.ReciprocalRank"/>.</summary>
    public RankFusionMethod Method { get; init; } = RankFusionMethod.ReciprocalRank;

    /// <summary>How many of each component's top items take part (default 100).</summary>
    public int Depth { get; init; } = 100;

    /// <summary>RRF's constant c (default 60, the value of the original paper).</summary>
    public double RrfConstant { get; init; } = 60;

    /// <summary>Fit the components inside <c>Fit</c> (default true).</summary>
    public bool FitComponents { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Depth < 1) throw new ArgumentException($"{nameof(Depth)} must be ≥ 1, got {Depth}.");
        if (!(RrfConstant >= 0)) throw new ArgumentException($"{nameof(RrfConstant)} must be ≥ 0, got {RrfConstant}.");
    }
}

/// <summary>
/// Fuses the top-<c>depth</c> lists of several models by rank (RRF, Borda) or by normalised score (CombSUM, CombMNZ).
/// Each component list excludes the user's training items; items in no list score 0, below every listed item.
/// </summary>
public sealed class RankFusionRecommender : RecommenderBase
{
    private readonly IReadOnlyList<FusionComponent> _components;

    /// <summary>Creates a rank fusion of <paramref name="components"/>.</summary>
    public RankFusionRecommender(IReadOnlyList<FusionComponent> components, RankFusionOptions? options = null)
    {
        _components = FusionComponents.Validate(components, "rankfusion");
        Options = options ?? new RankFusionOptions();
        Options.Validate();
        var tag = Options.Method switch
        {
            RankFusionMethod.ReciprocalRank => "rrf",
            RankFusionMethod.Borda => "borda",
            RankFusionMethod.CombSum => "combsum",
            _ => "combmnz",
        };
        Name = $"{tag}({FusionComponents.JoinNames(_components)})";
    }

    /// <summary>The options.</summary>
    public RankFusionOptions Options { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct) =>
        FusionComponents.FitAll(_components, train, Options.FitComponents, progress, ct, Name);

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        scores.Clear();
        var n = scores.Length;
        var depth = Math.Min(Options.Depth, n);
        // Pooled scratch: this runs once per user during evaluation.
        var part = ArrayPool<float>.Shared.Rent(n);
        var topItems = ArrayPool<int>.Shared.Rent(depth);
        var topScores = ArrayPool<float>.Shared.Rent(depth);
        var counts = Options.Method == RankFusionMethod.CombMnz ? ArrayPool<int>.Shared.Rent(n) : null;
        try
        {
            if (counts is not null) Array.Clear(counts, 0, n);
            foreach (var c in _components)
            {
                var span = part.AsSpan(0, n);
                c.Model.Score(user, span);
                ApplyFilter(Train, user, RecommendFilter.Default, span);
                var m = TopK.Select(span, depth, topItems.AsSpan(0, depth), topScores.AsSpan(0, depth));
                Accumulate(topItems.AsSpan(0, m), topScores.AsSpan(0, m), (float)c.Weight, depth, scores, counts);
            }
            if (counts is not null)
                for (var i = 0; i < n; i++) scores[i] *= counts[i];
        }
        finally
        {
            ArrayPool<float>.Shared.Return(part);
            ArrayPool<int>.Shared.Return(topItems);
            ArrayPool<float>.Shared.Return(topScores);
            if (counts is not null) ArrayPool<int>.Shared.Return(counts);
        }
    }

    private void Accumulate(ReadOnlySpan<int> items, ReadOnlySpan<float> listScores, float weight, int depth, Span<float> fused, int[]? counts)
    {
        if (items.IsEmpty) return;
        float max = listScores[0], min = listScores[^1];
        var range = max - min;
        for (var r = 0; r < items.Length; r++)
        {
            var item = items[r];
            var rank = r + 1;
            fused[item] += Options.Method switch
            {
                RankFusionMethod.ReciprocalRank => weight / (float)(Options.RrfConstant + rank),
                RankFusionMethod.Borda => weight * (depth - rank + 1) / (float)depth,
                _ => weight * (range > 0 ? (listScores[r] - min) / range : 1f),
            };
            if (counts is not null) counts[item]++;
        }
    }
}
