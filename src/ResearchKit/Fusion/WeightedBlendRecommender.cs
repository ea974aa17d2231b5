using System.Buffers;
using System.Numerics.Tensors;
using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>Options for <see cref="WeightedBlendRecommender"/>.</summary>
public sealed record WeightedBlendOptions
{
    /// <summary>How each component's scores are normalised before the weighted sum. Default <see cref="ScoreNormalization.ZScore"/>.</summary>
    public ScoreNormalization Normalization { get; init; } = ScoreNormalization.ZScore;

    /// <summary>Fit the components inside <c>Fit</c> (default true); false when they are already fitted on the same training set.</summary>
    public bool FitComponents { get; init; } = true;
}

/// <summary>
/// Score-level fusion (a weighted CombSUM): <c>s(u,i) = Σ_m w_m · norm(s_m(u,·))_i</c>.
/// Normalising per user puts models with different score scales (ALS dot products, kNN sums, popularity counts) on
/// one scale; see Burke 2002, "Hybrid recommender systems", for the weighted hybrid.
/// </summary>
public sealed class WeightedBlendRecommender : RecommenderBase
{
    private readonly IReadOnlyList<FusionComponent> _components;

    /// <summary>Creates a blend of <paramref name="components"/>.</summary>
    public WeightedBlendRecommender(IReadOnlyList<FusionComponent> components, WeightedBlendOptions? options = null)
    {
        _components = FusionComponents.Validate(components, "blend");
        Options = options ?? new WeightedBlendOptions();
        Name = $"blend({FusionComponents.JoinNames(_components)})";
    }

    /// <summary>The options.</summary>
    public WeightedBlendOptions Options { get; }

    /// <summary>The components, in order.</summary>
    public IReadOnlyList<FusionComponent> Components => _components;

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct) =>
        FusionComponents.FitAll(_components, train, Options.FitComponents, progress, ct, Name);

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        scores.Clear();
        var buffer = ArrayPool<float>.Shared.Rent(scores.Length);
        try
        {
            var part = buffer.AsSpan(0, scores.Length);
            foreach (var c in _components)
            {
                if (c.Weight == 0) continue;
                c.Model.Score(user, part);
                ScoreNormalizer.Normalize(part, Options.Normalization);
                TensorPrimitives.MultiplyAdd(part, (float)c.Weight, scores, scores);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }
}
