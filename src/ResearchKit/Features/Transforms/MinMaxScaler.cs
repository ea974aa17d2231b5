namespace ResearchKit.Features.Transforms;

/// <summary>
/// x' = (x − min) / (max − min) with the training min and max, so training values land in [0, 1] (test values may
/// fall outside; clip first with <see cref="QuantileClipper"/> if that matters). A constant column maps to 0.
/// </summary>
public sealed class MinMaxScaler(IReadOnlyList<string>? columns = null) : ColumnwiseTransformer(columns)
{
    private readonly List<(float Min, float Range)> _state = [];

    /// <inheritdoc />
    public override string Name => "minmax_scaler";

    /// <inheritdoc />
    protected override void FitColumn(int slot, ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (float.IsNaN(v)) continue;
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (min > max) { min = 0; max = 0; }
        _state.Add((min, max > min ? max - min : 1f));
    }

    /// <inheritdoc />
    protected override float Apply(int slot, float value) => (value - _state[slot].Min) / _state[slot].Range;
}
