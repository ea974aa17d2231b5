namespace ResearchKit.Features.Transforms;

/// <summary>
/// Outlier clipping (winsorising): values are clamped to the [lower, upper] quantiles of the training values
/// (linear interpolation, numpy's default). Defaults 0.01 and 0.99. NaN stays NaN.
/// </summary>
public sealed class QuantileClipper : ColumnwiseTransformer
{
    private readonly List<(float Low, float High)> _bounds = [];

    /// <summary>Creates a clipper; <paramref name="lower"/> &lt; <paramref name="upper"/>, both in [0, 1].</summary>
    public QuantileClipper(double lower = 0.01, double upper = 0.99, IReadOnlyList<string>? columns = null) : base(columns)
    {
        if (!(lower >= 0 && lower < upper && upper <= 1))
            throw new ArgumentException($"Quantiles must satisfy 0 <= lower < upper <= 1, got lower={lower}, upper={upper}.", nameof(lower));
        Lower = lower;
        Upper = upper;
    }

    /// <summary>Lower quantile.</summary>
    public double Lower { get; }

    /// <summary>Upper quantile.</summary>
    public double Upper { get; }

    /// <summary>Fitted (low, high) bounds per selected column.</summary>
    public IReadOnlyList<(float Low, float High)> Bounds => _bounds;

    /// <inheritdoc />
    public override string Name => "quantile_clipper";

    /// <inheritdoc />
    public override string Describe() => $"{Name}({Lower}, {Upper})";

    /// <inheritdoc />
    protected override void FitColumn(int slot, ReadOnlySpan<float> values)
    {
        var present = Present(values);
        Array.Sort(present);
        _bounds.Add(present.Length == 0 ? (float.NegativeInfinity, float.PositiveInfinity) : (Quantile(present, Lower), Quantile(present, Upper)));
    }

    /// <inheritdoc />
    protected override float Apply(int slot, float value)
    {
        if (float.IsNaN(value)) return value;
        var (low, high) = _bounds[slot];
        return value < low ? low : value > high ? high : value;
    }
}
