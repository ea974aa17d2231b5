namespace ResearchKit.Features.Transforms;

/// <summary>
/// Transformers applied in sequence, each fitted on the output of the previous one (so, e.g., a scaler after an
/// imputer learns the statistics of the imputed training data). Itself a <see cref="FeatureTransformer"/>.
/// </summary>
public sealed class FeaturePipeline : FeatureTransformer
{
    private readonly FeatureTransformer[] _steps;

    /// <summary>Creates a pipeline of unfitted transformers.</summary>
    public FeaturePipeline(params FeatureTransformer[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length == 0) throw new ArgumentException("A pipeline needs at least one step.", nameof(steps));
        foreach (var s in steps) ArgumentNullException.ThrowIfNull(s, nameof(steps));
        _steps = steps;
    }

    /// <summary>The steps in order.</summary>
    public IReadOnlyList<FeatureTransformer> Steps => _steps;

    /// <inheritdoc />
    public override string Name => "pipeline";

    /// <inheritdoc />
    public override string Describe() => string.Join(" → ", Array.ConvertAll(_steps, s => s.Describe()));

    /// <inheritdoc />
    protected override IReadOnlyList<string> FitCore(FeatureSet train)
    {
        var current = train;
        foreach (var step in _steps) current = step.FitTransform(current);
        return current.Columns;
    }

    /// <inheritdoc />
    public override FeatureSet Transform(FeatureSet data)
    {
        CheckInput(data);
        var current = data;
        foreach (var step in _steps) current = step.Transform(current);
        return current;
    }

    /// <inheritdoc />
    protected override void TransformRowCore(ReadOnlySpan<float> input, Span<float> output)
    {
        var current = input.ToArray();
        foreach (var step in _steps)
        {
            var next = new float[step.OutputColumns.Count];
            step.TransformRow(current, next);
            current = next;
        }
        current.CopyTo(output);
    }
}
