namespace ResearchKit.Features.Transforms;

/// <summary>How <see cref="Imputer"/> fills missing values.</summary>
public enum ImputeStrategy
{
    /// <summary>Training mean of the column.</summary>
    Mean,
    /// <summary>Training median of the column (robust to outliers).</summary>
    Median,
    /// <summary>A fixed value.</summary>
    Constant,
}

/// <summary>
/// Replaces missing values (NaN) in the selected columns with a statistic of the training values, and, when
/// <c>addIndicator</c> is set, appends a 0/1 column <c>missing:NAME</c> for every selected column that had missing
/// values in training (so a model can still see that the value was imputed). A column with no training values is
/// filled with the constant (default 0).
/// </summary>
public sealed class Imputer : FeatureTransformer
{
    private readonly IReadOnlyList<string>? _columns;
    private float[] _fill = [];
    private int[] _indicatorOf = [];

    /// <summary>Creates an imputer.</summary>
    public Imputer(ImputeStrategy strategy = ImputeStrategy.Mean, float constant = 0f, bool addIndicator = true, IReadOnlyList<string>? columns = null)
    {
        if (!Enum.IsDefined(strategy)) throw new ArgumentException($"Unknown strategy {strategy}.", nameof(strategy));
        Strategy = strategy;
        Constant = constant;
        AddIndicator = addIndicator;
        _columns = columns;
    }

    /// <summary>Fill strategy.</summary>
    public ImputeStrategy Strategy { get; }

    /// <summary>Value for <see cref="ImputeStrategy.Constant"/> and for columns with no training values.</summary>
    public float Constant { get; }

    /// <summary>Whether missing-indicator columns are appended.</summary>
    public bool AddIndicator { get; }

    /// <summary>Fitted fill value per input column (NaN for columns that are not imputed).</summary>
    public IReadOnlyList<float> FillValues => _fill;

    /// <inheritdoc />
    public override string Name => "imputer";

    /// <inheritdoc />
    public override string Describe() => $"{Name}({Strategy.ToString().ToLowerInvariant()}{(AddIndicator ? ", indicator" : "")})";

    /// <inheritdoc />
    protected override IReadOnlyList<string> FitCore(FeatureSet train)
    {
        var d = train.ColumnCount;
        _fill = new float[d];
        Array.Fill(_fill, float.NaN);
        _indicatorOf = new int[d];
        Array.Fill(_indicatorOf, -1);
        var output = new List<string>(train.Columns);
        foreach (var c in Resolve(train, _columns))
        {
            var column = train.Column(c);
            var present = new List<float>(column.Length);
            foreach (var v in column) if (!float.IsNaN(v)) present.Add(v);
            _fill[c] = Fill(present);
            if (AddIndicator && present.Count < column.Length)
            {
                _indicatorOf[c] = output.Count;
                output.Add("missing:" + train.Columns[c]);
            }
        }
        return output;
    }

    private float Fill(List<float> present)
    {
        if (Strategy == ImputeStrategy.Constant || present.Count == 0) return Constant;
        if (Strategy == ImputeStrategy.Mean)
        {
            double sum = 0;
            foreach (var v in present) sum += v;
            return (float)(sum / present.Count);
        }
        present.Sort();
        return ColumnwiseTransformer.Quantile(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(present), 0.5);
    }

    /// <inheritdoc />
    protected override void TransformRowCore(ReadOnlySpan<float> input, Span<float> output)
    {
        input.CopyTo(output);
        output[input.Length..].Clear();
        for (var c = 0; c < input.Length; c++)
        {
            if (!float.IsNaN(input[c]) || float.IsNaN(_fill[c])) continue;
            output[c] = _fill[c];
            if (_indicatorOf[c] >= 0) output[_indicatorOf[c]] = 1f;
        }
    }
}
