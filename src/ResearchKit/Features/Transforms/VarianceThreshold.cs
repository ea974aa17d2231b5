namespace ResearchKit.Features.Transforms;

/// <summary>
/// Keeps the columns whose training variance (population, missing values ignored) is greater than the threshold;
/// the default 0 drops constant columns, e.g. a category no training user touched.
/// </summary>
public sealed class VarianceThreshold(double threshold = 0.0) : ColumnSelector
{
    /// <summary>Minimum variance, exclusive.</summary>
    public double Threshold { get; } = threshold >= 0 ? threshold : throw new ArgumentException($"threshold must be >= 0, got {threshold}.", nameof(threshold));

    /// <inheritdoc />
    public override string Name => "variance_threshold";

    /// <inheritdoc />
    public override string Describe() => $"{Name}({Threshold})";

    /// <inheritdoc />
    protected override bool[] Choose(FeatureSet train)
    {
        var stats = train.Describe();
        var keep = new bool[stats.Length];
        for (var c = 0; c < keep.Length; c++) keep[c] = stats[c].Std * stats[c].Std > Threshold;
        return keep;
    }
}
