namespace ResearchKit.Features.Transforms;

/// <summary>
/// A feature transformer with scikit-learn's fit / transform semantics: <see cref="Fit"/> learns its state from
/// training rows only (means, quantiles, categories, components) and freezes it; <see cref="Transform"/> applies
/// that state to any rows with the same columns (train, validation, test, or one new user). Transforming a whole
/// set and transforming each row with <see cref="TransformRow"/> give identical results.
/// </summary>
public abstract class FeatureTransformer
{
    private string[]? _inputColumns;
    private string[]? _outputColumns;

    /// <summary>Short name used in provenance (e.g. "standard_scaler").</summary>
    public abstract string Name { get; }

    /// <summary>True after <see cref="Fit"/>.</summary>
    public bool IsFitted => _outputColumns is not null;

    /// <summary>Columns the transformer was fitted on (and expects, in this order).</summary>
    public IReadOnlyList<string> InputColumns => _inputColumns ?? throw NotFitted();

    /// <summary>Columns it produces.</summary>
    public IReadOnlyList<string> OutputColumns => _outputColumns ?? throw NotFitted();

    /// <summary>Learns the transformer's state from <paramref name="train"/> (only). Returns this for chaining.</summary>
    public FeatureTransformer Fit(FeatureSet train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (IsFitted) throw new InvalidOperationException($"{Name} is already fitted; fitted state is read-only. Create a new transformer to refit.");
        var output = FitCore(train);
        _inputColumns = [.. train.Columns];
        _outputColumns = [.. output];
        return this;
    }

    /// <summary>Fits on <paramref name="train"/> and transforms it.</summary>
    public FeatureSet FitTransform(FeatureSet train) => Fit(train).Transform(train);

    /// <summary>Applies the fitted state to every row of <paramref name="data"/>; rows are independent (parallel for large sets).</summary>
    public virtual FeatureSet Transform(FeatureSet data)
    {
        CheckInput(data);
        int din = _inputColumns!.Length, dout = _outputColumns!.Length, rows = data.Rows;
        var input = data.RawData;
        var output = new float[(long)rows * dout];
        if ((long)rows * din < 1 << 16)
        {
            for (var r = 0; r < rows; r++) TransformRowCore(input.AsSpan(r * din, din), output.AsSpan(r * dout, dout));
        }
        else
        {
            const int block = 256;
            Parallel.For(0, (rows + block - 1) / block, b =>
            {
                var end = Math.Min(rows, (b + 1) * block);
                for (var r = b * block; r < end; r++) TransformRowCore(input.AsSpan(r * din, din), output.AsSpan(r * dout, dout));
            });
        }
        return new FeatureSet(_outputColumns, output, rows, data.Provenance.WithStep(Describe()), data.RowIds);
    }

    /// <summary>Transforms one row (<see cref="InputColumns"/> values) into <paramref name="output"/> (<see cref="OutputColumns"/> values).</summary>
    public void TransformRow(ReadOnlySpan<float> input, Span<float> output)
    {
        if (!IsFitted) throw NotFitted();
        if (input.Length != _inputColumns!.Length) throw new ArgumentException($"{Name}: row has {input.Length} values, fitted on {_inputColumns.Length} columns.", nameof(input));
        if (output.Length != _outputColumns!.Length) throw new ArgumentException($"{Name}: output has room for {output.Length} values, produces {_outputColumns.Length}.", nameof(output));
        TransformRowCore(input, output);
    }

    /// <summary>Learns state from the training rows and returns the output column names.</summary>
    protected abstract IReadOnlyList<string> FitCore(FeatureSet train);

    /// <summary>Transforms one row; lengths are checked by the caller.</summary>
    protected abstract void TransformRowCore(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The provenance step (name and the fitted state's headline).</summary>
    public virtual string Describe() => Name;

    /// <summary>Throws unless fitted and <paramref name="data"/> has the fitted columns in the fitted order.</summary>
    protected void CheckInput(FeatureSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!IsFitted) throw NotFitted();
        var expected = _inputColumns!;
        if (data.ColumnCount != expected.Length)
            throw new ArgumentException($"{Name}: input has {data.ColumnCount} columns, fitted on {expected.Length}.", nameof(data));
        for (var c = 0; c < expected.Length; c++)
            if (!string.Equals(data.Columns[c], expected[c], StringComparison.Ordinal))
                throw new ArgumentException($"{Name}: input column {c} is '{data.Columns[c]}', fitted on '{expected[c]}'.", nameof(data));
    }

    /// <summary>Resolves a column selection (null = every column) to indices, naming unknown columns.</summary>
    protected static int[] Resolve(FeatureSet train, IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            var all = new int[train.ColumnCount];
            for (var c = 0; c < all.Length; c++) all[c] = c;
            return all;
        }
        var idx = new int[columns.Count];
        for (var j = 0; j < idx.Length; j++) idx[j] = train.ColumnIndex(columns[j]);
        return idx;
    }

    private InvalidOperationException NotFitted() => new($"{Name} is not fitted; call Fit(train) first.");
}
