namespace ResearchKit.Features;

/// <summary>
/// Collects feature columns one at a time (builders compute a whole column in one pass over the log) and
/// interleaves them into the row-major matrix of a <see cref="FeatureSet"/> at the end.
/// </summary>
internal sealed class ColumnAccumulator(int rows)
{
    private readonly List<string> _names = [];
    private readonly List<float[]> _columns = [];

    public int Rows { get; } = rows;

    public int Count => _names.Count;

    /// <summary>Adds a column of <see cref="Rows"/> values (not copied).</summary>
    public void Add(string name, float[] values)
    {
        if (values.Length != Rows) throw new InvalidOperationException($"Column '{name}' has {values.Length} values, expected {Rows}.");
        _names.Add(name);
        _columns.Add(values);
    }

    /// <summary>Adds a new zero column and returns it for the caller to fill.</summary>
    public float[] AddNew(string name)
    {
        var values = new float[Rows];
        Add(name, values);
        return values;
    }

    public FeatureSet Build(FeatureProvenance provenance, IReadOnlyList<string>? rowIds)
    {
        var d = _columns.Count;
        var data = new float[(long)Rows * d];
        // Blocks of rows keep both the column reads and the row-major writes in cache.
        const int block = 256;
        for (var r0 = 0; r0 < Rows; r0 += block)
        {
            var r1 = Math.Min(Rows, r0 + block);
            for (var c = 0; c < d; c++)
            {
                var col = _columns[c];
                for (var r = r0; r < r1; r++) data[(long)r * d + c] = col[r];
            }
        }
        return new FeatureSet(_names, data, Rows, provenance, rowIds);
    }
}
