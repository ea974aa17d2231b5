namespace ResearchKit.Features.Transforms;

/// <summary>
/// z = (x − μ) / σ with μ and the population σ of the training values (missing values ignored and kept as NaN).
/// A constant column (σ = 0) is only centred, as scikit-learn does.
/// </summary>
public sealed class StandardScaler(IReadOnlyList<string>? columns = null) : ColumnwiseTransformer(columns)
{
    private readonly List<(float Mean, float Scale)> _state = [];

    /// <inheritdoc />
    public override string Name => "standard_scaler";

    /// <summary>Fitted mean per selected column.</summary>
    public IReadOnlyList<float> Means => _state.ConvertAll(s => s.Mean);

    /// <summary>Fitted scale (σ, or 1 for constant columns) per selected column.</summary>
    public IReadOnlyList<float> Scales => _state.ConvertAll(s => s.Scale);

    /// <inheritdoc />
    protected override void FitColumn(int slot, ReadOnlySpan<float> values)
    {
        double sum = 0, sumSq = 0; var n = 0;
        foreach (var v in values) if (!float.IsNaN(v)) { sum += v; n++; }
        var mean = n > 0 ? sum / n : 0;
        foreach (var v in values) if (!float.IsNaN(v)) sumSq += (v - mean) * (v - mean);
        var std = n > 0 ? Math.Sqrt(sumSq / n) : 0;
        _state.Add(((float)mean, std > 0 ? (float)std : 1f));
    }

    /// <inheritdoc />
    protected override float Apply(int slot, float value) => (value - _state[slot].Mean) / _state[slot].Scale;
}
