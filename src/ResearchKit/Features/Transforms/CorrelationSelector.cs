namespace ResearchKit.Features.Transforms;

/// <summary>
/// Keeps the <c>k</c> columns with the largest absolute Pearson correlation |r| with a target (one value per
/// training row, e.g. the number of test-period purchases on a validation split, or a label), and only those
/// with |r| ≥ <c>minAbsCorrelation</c>. Rows where the feature or the target is missing are skipped for that
/// column; a constant column has r = 0. Ties keep the earlier column. Kept columns stay in input order.
/// </summary>
public sealed class CorrelationSelector : ColumnSelector
{
    private readonly float[] _target;
    private double[] _correlations = [];

    /// <summary>Creates a selector for <paramref name="target"/> (aligned with the rows Fit will see).</summary>
    public CorrelationSelector(float[] target, int k = int.MaxValue, double minAbsCorrelation = 0.0)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (!(minAbsCorrelation is >= 0 and <= 1)) throw new ArgumentException($"minAbsCorrelation must be in [0, 1], got {minAbsCorrelation}.", nameof(minAbsCorrelation));
        _target = target;
        K = k;
        MinAbsCorrelation = minAbsCorrelation;
    }

    /// <summary>Maximum number of columns kept.</summary>
    public int K { get; }

    /// <summary>Minimum |r| to keep a column.</summary>
    public double MinAbsCorrelation { get; }

    /// <summary>Fitted Pearson r per input column.</summary>
    public IReadOnlyList<double> Correlations => _correlations;

    /// <inheritdoc />
    public override string Name => "correlation_selector";

    /// <inheritdoc />
    public override string Describe() => $"{Name}(k={(K == int.MaxValue ? "all" : K)}, min|r|={MinAbsCorrelation})";

    /// <inheritdoc />
    protected override bool[] Choose(FeatureSet train)
    {
        if (_target.Length != train.Rows) throw new ArgumentException($"target has {_target.Length} values, the training set {train.Rows} rows.", nameof(train));
        var d = train.ColumnCount;
        _correlations = new double[d];
        for (var c = 0; c < d; c++) _correlations[c] = Pearson(train, c);
        var order = new int[d];
        for (var c = 0; c < d; c++) order[c] = c;
        Array.Sort(order, (a, b) => Math.Abs(_correlations[a]) != Math.Abs(_correlations[b]) ? Math.Abs(_correlations[b]).CompareTo(Math.Abs(_correlations[a])) : a.CompareTo(b));
        var keep = new bool[d];
        for (var j = 0; j < Math.Min(K, d); j++) if (Math.Abs(_correlations[order[j]]) >= MinAbsCorrelation) keep[order[j]] = true;
        return keep;
    }

    private double Pearson(FeatureSet train, int c)
    {
        double sx = 0, sy = 0; var n = 0;
        for (var r = 0; r < train.Rows; r++)
        {
            var x = train.RawData[r * train.ColumnCount + c]; var y = _target[r];
            if (float.IsNaN(x) || float.IsNaN(y)) continue;
            sx += x; sy += y; n++;
        }
        if (n < 2) return 0;
        double mx = sx / n, my = sy / n, sxy = 0, sxx = 0, syy = 0;
        for (var r = 0; r < train.Rows; r++)
        {
            var x = train.RawData[r * train.ColumnCount + c]; var y = _target[r];
            if (float.IsNaN(x) || float.IsNaN(y)) continue;
            sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx); syy += (y - my) * (y - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : 0;
    }
}
