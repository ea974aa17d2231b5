namespace ResearchKit.Features.Transforms;

/// <summary>
/// Base of transformers that map each selected column through its own fitted function x ↦ f_c(x) and pass the
/// other columns through unchanged (scalers, log1p, clipping). Column names are kept.
/// </summary>
public abstract class ColumnwiseTransformer : FeatureTransformer
{
    private readonly IReadOnlyList<string>? _columns;
    private int[] _slotOf = [];

    /// <summary>Creates a transformer over <paramref name="columns"/> (null = every column).</summary>
    protected ColumnwiseTransformer(IReadOnlyList<string>? columns) => _columns = columns;

    /// <summary>Indices of the selected columns (in the fitted input), in selection order.</summary>
    protected int[] Selected { get; private set; } = [];

    /// <inheritdoc />
    protected sealed override IReadOnlyList<string> FitCore(FeatureSet train)
    {
        Selected = Resolve(train, _columns);
        _slotOf = new int[train.ColumnCount];
        Array.Fill(_slotOf, -1);
        for (var j = 0; j < Selected.Length; j++) _slotOf[Selected[j]] = j;
        var values = new float[train.Rows];
        for (var j = 0; j < Selected.Length; j++)
        {
            var c = Selected[j];
            for (var r = 0; r < train.Rows; r++) values[r] = train.RawData[r * train.ColumnCount + c];
            FitColumn(j, values);
        }
        return train.Columns;
    }

    /// <summary>Learns the state of selected column number <paramref name="slot"/> from its training values (NaN = missing).</summary>
    protected abstract void FitColumn(int slot, ReadOnlySpan<float> values);

    /// <summary>Maps one value of selected column <paramref name="slot"/>.</summary>
    protected abstract float Apply(int slot, float value);

    /// <inheritdoc />
    protected sealed override void TransformRowCore(ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(output);
        for (var c = 0; c < input.Length; c++)
        {
            var slot = _slotOf[c];
            if (slot >= 0) output[c] = Apply(slot, input[c]);
        }
    }

    /// <summary>The present (non-NaN) values of a column, copied.</summary>
    protected static float[] Present(ReadOnlySpan<float> values)
    {
        var n = 0;
        foreach (var v in values) if (!float.IsNaN(v)) n++;
        var result = new float[n];
        n = 0;
        foreach (var v in values) if (!float.IsNaN(v)) result[n++] = v;
        return result;
    }

    /// <summary>
    /// The q-quantile of sorted values by linear interpolation between order statistics (numpy's default,
    /// "type 7" of Hyndman &amp; Fan 1996): position q·(n−1).
    /// </summary>
    public static float Quantile(ReadOnlySpan<float> sorted, double q)
    {
        if (sorted.IsEmpty) return float.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return (float)(sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]));
    }
}
