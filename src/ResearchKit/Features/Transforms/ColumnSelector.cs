namespace ResearchKit.Features.Transforms;

/// <summary>Base of feature selectors: Fit decides which input columns to keep; Transform copies them in input order.</summary>
public abstract class ColumnSelector : FeatureTransformer
{
    private int[] _kept = [];

    /// <summary>Indices (in the fitted input) of the kept columns, ascending.</summary>
    public IReadOnlyList<int> KeptIndices => _kept;

    /// <summary>Returns a keep-flag per input column, computed from the training rows.</summary>
    protected abstract bool[] Choose(FeatureSet train);

    /// <inheritdoc />
    protected sealed override IReadOnlyList<string> FitCore(FeatureSet train)
    {
        var keep = Choose(train);
        var kept = new List<int>();
        var names = new List<string>();
        for (var c = 0; c < keep.Length; c++) if (keep[c]) { kept.Add(c); names.Add(train.Columns[c]); }
        _kept = [.. kept];
        return names;
    }

    /// <inheritdoc />
    protected sealed override void TransformRowCore(ReadOnlySpan<float> input, Span<float> output)
    {
        for (var j = 0; j < _kept.Length; j++) output[j] = input[_kept[j]];
    }
}
