using System.Globalization;

namespace ResearchKit.Features.Transforms;

/// <summary>
/// Replaces each selected column of category codes (or any discrete values) by 0/1 columns <c>NAME=VALUE</c>, one
/// per distinct value seen in training (ascending, at most <c>maxLevels</c> most frequent). Values not seen in
/// training and NaN give all zeros (scikit-learn's handle_unknown="ignore"), so a new category at test time is
/// not an error. Other columns pass through; the one-hot block takes the place of the original column.
/// </summary>
public sealed class OneHotEncoder : FeatureTransformer
{
    private readonly IReadOnlyList<string> _columns;
    private readonly int _maxLevels;
    private Dictionary<float, int>[] _levelOf = [];
    private int[] _outputStart = [];

    /// <summary>Creates an encoder for <paramref name="columns"/>.</summary>
    public OneHotEncoder(IReadOnlyList<string> columns, int maxLevels = 64)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLevels, 1);
        _columns = columns;
        _maxLevels = maxLevels;
    }

    /// <inheritdoc />
    public override string Name => "one_hot";

    /// <inheritdoc />
    protected override IReadOnlyList<string> FitCore(FeatureSet train)
    {
        var d = train.ColumnCount;
        _levelOf = new Dictionary<float, int>[d];
        _outputStart = new int[d];
        foreach (var c in Resolve(train, _columns))
        {
            var counts = new Dictionary<float, int>();
            foreach (var v in train.Column(c)) if (!float.IsNaN(v)) counts[v] = counts.GetValueOrDefault(v) + 1;
            var levels = new List<KeyValuePair<float, int>>(counts);
            levels.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Key.CompareTo(b.Key));
            if (levels.Count > _maxLevels) levels.RemoveRange(_maxLevels, levels.Count - _maxLevels);
            levels.Sort((a, b) => a.Key.CompareTo(b.Key));
            var map = new Dictionary<float, int>();
            foreach (var (value, _) in levels) map[value] = map.Count;
            _levelOf[c] = map;
        }
        var output = new List<string>();
        for (var c = 0; c < d; c++)
        {
            _outputStart[c] = output.Count;
            if (_levelOf[c] is not { } map) { output.Add(train.Columns[c]); continue; }
            foreach (var value in map.Keys) output.Add($"{train.Columns[c]}={value.ToString(CultureInfo.InvariantCulture)}");
        }
        return output;
    }

    /// <inheritdoc />
    protected override void TransformRowCore(ReadOnlySpan<float> input, Span<float> output)
    {
        output.Clear();
        for (var c = 0; c < input.Length; c++)
        {
            var start = _outputStart[c];
            if (_levelOf[c] is not { } map) { output[start] = input[c]; continue; }
            if (map.TryGetValue(input[c], out var level)) output[start + level] = 1f;
        }
    }
}
