using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using ResearchKit.Serialization;

namespace ResearchKit.Features;

/// <summary>
/// A dense feature matrix: named columns, one row per dense user or item id, values in a row-major float array,
/// and the <see cref="FeatureProvenance"/> that says how it was made. Missing values are NaN. Immutable: every
/// operation returns a new set. Renders as an HTML preview in notebooks (shape, per-column mean/std/missing,
/// first rows) because it implements <see cref="IHtmlContent"/>.
/// </summary>
public sealed class FeatureSet : IHtmlContent
{
    private readonly float[] _data;
    private readonly string[] _columns;
    private readonly Dictionary<string, int> _index;

    /// <summary>
    /// Wraps <paramref name="data"/> (row-major, <paramref name="rows"/> × columns.Count; not copied, so do not
    /// change it afterwards). Column names must be unique and non-empty.
    /// </summary>
    public FeatureSet(IReadOnlyList<string> columns, float[] data, int rows, FeatureProvenance? provenance = null,
        IReadOnlyList<string>? rowIds = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if ((long)rows * columns.Count != data.Length)
            throw new ArgumentException($"data has {data.Length} values; expected rows × columns = {rows} × {columns.Count}.", nameof(data));
        if (rowIds is not null && rowIds.Count != rows)
            throw new ArgumentException($"rowIds has {rowIds.Count} entries; expected one per row ({rows}).", nameof(rowIds));
        _columns = [.. columns];
        _index = new Dictionary<string, int>(_columns.Length, StringComparer.Ordinal);
        for (var c = 0; c < _columns.Length; c++)
        {
            if (string.IsNullOrEmpty(_columns[c])) throw new ArgumentException($"Column {c} has an empty name.", nameof(columns));
            if (!_index.TryAdd(_columns[c], c)) throw new ArgumentException($"Duplicate column name '{_columns[c]}'.", nameof(columns));
        }
        _data = data;
        Rows = rows;
        Provenance = provenance ?? FeatureProvenance.Manual();
        RowIds = rowIds;
    }

    /// <summary>
    /// Builds a set from whole columns (each one value per row, all the same length), e.g. hand-made features in a
    /// notebook that are then concatenated to built ones with <see cref="Concat"/>.
    /// </summary>
    public static FeatureSet FromColumns(IEnumerable<KeyValuePair<string, float[]>> columns, FeatureProvenance? provenance = null,
        IReadOnlyList<string>? rowIds = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ColumnAccumulator? acc = null;
        foreach (var (name, values) in columns)
        {
            ArgumentNullException.ThrowIfNull(values, nameof(columns));
            acc ??= new ColumnAccumulator(values.Length);
            if (values.Length != acc.Rows)
                throw new ArgumentException($"Column '{name}' has {values.Length} values; the first column has {acc.Rows}.", nameof(columns));
            acc.Add(name, values);
        }
        return (acc ?? new ColumnAccumulator(rowIds?.Count ?? 0)).Build(provenance ?? FeatureProvenance.Manual(), rowIds);
    }

    /// <summary>Number of rows (dense user or item ids).</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>Column names in matrix order.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>How the features were made.</summary>
    public FeatureProvenance Provenance { get; }

    /// <summary>External id per row (the dataset's user or item ids), when known.</summary>
    public IReadOnlyList<string>? RowIds { get; }

    /// <summary>The whole matrix, row-major.</summary>
    public ReadOnlySpan<float> Data => _data;

    /// <summary>The backing array (no copy) for library kernels that need an array, e.g. for Parallel.For.</summary>
    internal float[] RawData => _data;

    /// <summary>Row <paramref name="row"/> (one value per column).</summary>
    public ReadOnlySpan<float> Row(int row)
    {
        if ((uint)row >= (uint)Rows) throw new ArgumentOutOfRangeException(nameof(row), row, $"Row must be in [0, {Rows}).");
        return _data.AsSpan(row * _columns.Length, _columns.Length);
    }

    /// <summary>The value at (row, column index).</summary>
    public float this[int row, int column] => Row(row)[column];

    /// <summary>The value at (row, column name).</summary>
    public float this[int row, string column] => Row(row)[ColumnIndex(column)];

    /// <summary>Index of a column; throws <see cref="KeyNotFoundException"/> listing the known names otherwise.</summary>
    public int ColumnIndex(string name) =>
        _index.TryGetValue(name, out var c) ? c
            : throw new KeyNotFoundException($"No feature column '{name}'. Known columns: {string.Join(", ", _columns)}.");

    /// <summary>True (and the index) when a column of that name exists.</summary>
    public bool TryGetColumnIndex(string name, out int index) => _index.TryGetValue(name, out index);

    /// <summary>A copy of one column.</summary>
    public float[] Column(string name) => Column(ColumnIndex(name));

    /// <summary>A copy of one column by index.</summary>
    public float[] Column(int column)
    {
        if ((uint)column >= (uint)_columns.Length) throw new ArgumentOutOfRangeException(nameof(column));
        var result = new float[Rows];
        for (var r = 0; r < Rows; r++) result[r] = _data[r * _columns.Length + column];
        return result;
    }

    /// <summary>A copy of the matrix, row-major: the (float[] rowMajor, int columns) form deep models take.</summary>
    public float[] ToRowMajor() => (float[])_data.Clone();

    /// <summary>The named columns, in the given order.</summary>
    public FeatureSet SelectColumns(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var idx = new List<int>();
        foreach (var n in names) idx.Add(ColumnIndex(n));
        var d = idx.Count;
        var data = new float[Rows * d];
        for (var r = 0; r < Rows; r++)
        {
            var src = Row(r);
            for (var j = 0; j < d; j++) data[r * d + j] = src[idx[j]];
        }
        var cols = new string[d];
        for (var j = 0; j < d; j++) cols[j] = _columns[idx[j]];
        return new FeatureSet(cols, data, Rows, Provenance.WithStep($"select({d} columns)"), RowIds);
    }

    /// <summary>This set's columns followed by <paramref name="other"/>'s (same rows; names must not clash).</summary>
    public FeatureSet Concat(FeatureSet other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Rows != Rows) throw new ArgumentException($"Cannot concatenate {other.Rows} rows to {Rows} rows.", nameof(other));
        int a = ColumnCount, b = other.ColumnCount, d = a + b;
        var data = new float[Rows * d];
        for (var r = 0; r < Rows; r++)
        {
            Row(r).CopyTo(data.AsSpan(r * d, a));
            other.Row(r).CopyTo(data.AsSpan(r * d + a, b));
        }
        return new FeatureSet([.. _columns, .. other._columns], data, Rows, Provenance.WithStep($"concat({other.Provenance})"), RowIds ?? other.RowIds);
    }

    /// <summary>The same matrix with other provenance (used by transformers to record their step).</summary>
    public FeatureSet WithProvenance(FeatureProvenance provenance) => new(_columns, _data, Rows, provenance, RowIds);

    /// <summary>Per-column mean, std, min, max and missing count.</summary>
    public ColumnStatistics[] Describe() => ColumnStatistics.Compute(this);

    /// <summary>
    /// Writes CSV: header <c>id,col1,col2,...</c> (id is the external row id, or the dense row number), values in
    /// invariant culture with round-trip precision, missing values as empty fields.
    /// </summary>
    public void WriteCsv(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("id");
        foreach (var c in _columns) { writer.Write(','); writer.Write(CsvField(c)); }
        writer.Write('\n');
        Span<char> buf = stackalloc char[32];
        for (var r = 0; r < Rows; r++)
        {
            writer.Write(RowIds is null ? r.ToString(CultureInfo.InvariantCulture) : CsvField(RowIds[r]));
            foreach (var v in Row(r))
            {
                writer.Write(',');
                if (float.IsNaN(v)) continue;
                v.TryFormat(buf, out var n, "R", CultureInfo.InvariantCulture);
                writer.Write(buf[..n]);
            }
            writer.Write('\n');
        }
    }

    /// <summary>Writes CSV to a file (see <see cref="WriteCsv(TextWriter)"/>).</summary>
    public void WriteCsv(string path)
    {
        AtomicFile.WriteText(path, WriteCsv);
    }

    /// <summary>
    /// Writes Parquet (Parquet.Net, Snappy): an <c>id</c> text column, then one FLOAT column per feature, NaN as NULL.
    /// Needs the DuckDB native library the kit installs (npm <c>@duckdb/node-bindings-linux-x64</c>).
    /// </summary>
    public void WriteParquet(string path) => FeatureSetParquet.Write(this, path);

    /// <summary>
    /// The matrix as a DataFrame: an <c>id</c> string column (external row id, or the row number) and one float column
    /// per feature, NaN (missing) as null.
    /// </summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame()
    {
        var id = new Microsoft.Data.Analysis.StringDataFrameColumn("id", Rows);
        for (var r = 0; r < Rows; r++) id[r] = RowIds is null ? r.ToString(CultureInfo.InvariantCulture) : RowIds[r];
        var columns = new List<Microsoft.Data.Analysis.DataFrameColumn>(ColumnCount + 1) { id };
        for (var c = 0; c < ColumnCount; c++)
        {
            var column = new Microsoft.Data.Analysis.SingleDataFrameColumn(_columns[c], Rows);
            for (var r = 0; r < Rows; r++) { var v = _data[r * ColumnCount + c]; column[r] = float.IsNaN(v) ? null : v; }
            columns.Add(column);
        }
        return new Microsoft.Data.Analysis.DataFrame(columns);
    }

    private static string CsvField(string s) =>
        s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Writes the HTML preview (what notebooks display).</summary>
    public void WriteTo(TextWriter writer, HtmlEncoder encoder) => FeatureSetHtml.Write(this, writer, encoder, 10, 24);

    /// <summary>The HTML preview with the first <paramref name="maxRows"/> rows and <paramref name="maxColumns"/> columns.</summary>
    public string ToHtml(int maxRows = 10, int maxColumns = 24)
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        FeatureSetHtml.Write(this, w, HtmlEncoder.Default, maxRows, maxColumns);
        return w.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => $"FeatureSet {Rows:N0} × {ColumnCount} ({Provenance})";
}
