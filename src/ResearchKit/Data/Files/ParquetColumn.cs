using Parquet;
using Parquet.Schema;

namespace ResearchKit.Data.Files;

/// <summary>
/// One column to write with <see cref="ParquetTable.Write"/>: its schema field and how to write rows
/// [start, start + count) of it into a row group. Values come from the caller's arrays or per-row accessors, so a
/// writer never needs a second full copy of a large table in memory.
/// </summary>
public sealed class ParquetColumn
{
    private readonly Func<ParquetRowGroupWriter, int, int, Task> _write;

    private ParquetColumn(DataField field, Func<ParquetRowGroupWriter, int, int, Task> write) { Field = field; _write = write; }

    /// <summary>The Parquet schema field.</summary>
    public DataField Field { get; }

    internal Task WriteAsync(ParquetRowGroupWriter rowGroup, int start, int count) => _write(rowGroup, start, count);

    /// <summary>A UTF-8 text column (nullable: a null entry is written as NULL), read per row from <paramref name="get"/>.</summary>
    public static ParquetColumn Text(string name, Func<int, string?> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var field = new DataField<string>(name, true);
        return new ParquetColumn(field, (rg, start, count) =>
        {
            var chunk = new string?[count];
            for (var r = 0; r < count; r++) chunk[r] = get(start + r);
            return rg.WriteAsync(field, chunk!);
        });
    }

    /// <summary>A required 32-bit integer column.</summary>
    public static ParquetColumn Int32(string name, ReadOnlyMemory<int> values) => Plain(new DataField<int>(name, false), values);

    /// <summary>A required 64-bit integer column.</summary>
    public static ParquetColumn Int64(string name, ReadOnlyMemory<long> values) => Plain(new DataField<long>(name, false), values);

    /// <summary>A required 64-bit float column.</summary>
    public static ParquetColumn Double(string name, ReadOnlyMemory<double> values) => Plain(new DataField<double>(name, false), values);

    /// <summary>A 32-bit float column; with <paramref name="nanAsNull"/> NaN is written as NULL (a missing value) and the column is nullable.</summary>
    public static ParquetColumn Float(string name, ReadOnlyMemory<float> values, bool nanAsNull = false)
    {
        if (!nanAsNull) return Plain(new DataField<float>(name, false), values);
        var field = new DataField<float>(name, true);
        return new ParquetColumn(field, (rg, start, count) =>
        {
            var span = values.Span.Slice(start, count);
            var chunk = new float?[count];
            for (var r = 0; r < count; r++) chunk[r] = float.IsNaN(span[r]) ? null : span[r];
            return rg.WriteAsync<float>(field, chunk);
        });
    }

    /// <summary>A 32-bit float column read per row from <paramref name="get"/>; NaN is written as NULL.</summary>
    public static ParquetColumn Float(string name, Func<int, float> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var field = new DataField<float>(name, true);
        return new ParquetColumn(field, (rg, start, count) =>
        {
            var chunk = new float?[count];
            for (var r = 0; r < count; r++) { var v = get(start + r); chunk[r] = float.IsNaN(v) ? null : v; }
            return rg.WriteAsync<float>(field, chunk);
        });
    }

    /// <summary>A 64-bit float column read per row from <paramref name="get"/>; NaN is written as NULL.</summary>
    public static ParquetColumn Double(string name, Func<int, double> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var field = new DataField<double>(name, true);
        return new ParquetColumn(field, (rg, start, count) =>
        {
            var chunk = new double?[count];
            for (var r = 0; r < count; r++) { var v = get(start + r); chunk[r] = double.IsNaN(v) ? null : v; }
            return rg.WriteAsync<double>(field, chunk);
        });
    }

    /// <summary>A required 32-bit integer column read per row from <paramref name="get"/>.</summary>
    public static ParquetColumn Int32(string name, Func<int, int> get)
    {
        ArgumentNullException.ThrowIfNull(get);
        var field = new DataField<int>(name, false);
        return new ParquetColumn(field, (rg, start, count) =>
        {
            var chunk = new int[count];
            for (var r = 0; r < count; r++) chunk[r] = get(start + r);
            return rg.WriteAsync<int>(field, chunk);
        });
    }

    private static ParquetColumn Plain<T>(DataField field, ReadOnlyMemory<T> values) where T : struct =>
        new(field, (rg, start, count) => rg.WriteAsync(field, values.Slice(start, count)));
}
