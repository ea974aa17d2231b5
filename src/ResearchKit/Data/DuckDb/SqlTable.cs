using System.Globalization;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.DuckDb;

/// <summary>
/// One column of a <see cref="SqlTable"/>. Exactly one of <see cref="Int64"/>, <see cref="Double"/>,
/// <see cref="String"/> holds the values, by the DuckDB type: integers and booleans are Int64, timestamps (any unit,
/// with or without time zone) are Int64 microseconds since 1970 UTC (<see cref="TypeName"/> TIMESTAMP), dates are
/// Int64 days since 1970 (DATE); FLOAT / DOUBLE / DECIMAL / HUGEINT are Double; VARCHAR and UUID are String.
/// </summary>
public sealed class SqlColumn
{
    internal SqlColumn(string name, string typeName, long[]? int64, double[]? dbl, string?[]? str, bool[] isNull)
    {
        Name = name; TypeName = typeName; Int64 = int64; Double = dbl; String = str; IsNull = isNull;
    }

    /// <summary>Column name as the query named it.</summary>
    public string Name { get; }

    /// <summary>DuckDB type as the provider names it, upper case (BIGINT, INTEGER, DOUBLE, VARCHAR, BOOLEAN, ...; TIMESTAMP and DATE as above).</summary>
    public string TypeName { get; }

    /// <summary>Integer-like values, or null.</summary>
    public long[]? Int64 { get; }

    /// <summary>Floating-point values, or null.</summary>
    public double[]? Double { get; }

    /// <summary>Text values, or null.</summary>
    public string?[]? String { get; }

    /// <summary>True where the value is SQL NULL.</summary>
    public bool[] IsNull { get; }

    /// <summary>Number of rows.</summary>
    public int Length => IsNull.Length;

    /// <summary>The value as a double (NaN for NULL; text is parsed, a clear error when it is not a number).</summary>
    public double GetDouble(int row)
    {
        if (IsNull[row]) return double.NaN;
        if (Double is not null) return Double[row];
        if (Int64 is not null) return Int64[row];
        return double.TryParse(String![row], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v : throw new FormatException($"Column '{Name}' row {row}: '{String[row]}' is not a number.");
    }

    /// <summary>The value as invariant text (null for NULL).</summary>
    public string? GetString(int row) =>
        IsNull[row] ? null
        : String is not null ? String[row]
        : Double is not null ? Double[row].ToString("R", CultureInfo.InvariantCulture)
        : Int64![row].ToString(CultureInfo.InvariantCulture);

    /// <summary>The value as Unix seconds for timestamp / date / integer columns (integers ≥ 10^11 are taken as ms).</summary>
    public long GetUnixSeconds(int row)
    {
        if (IsNull[row]) return 0;
        if (Int64 is null) return TimeParsing.TryToUnixSeconds(GetString(row), out var t) ? t : throw new FormatException($"Column '{Name}' row {row}: '{GetString(row)}' is not a time.");
        var v = Int64[row];
        return TypeName switch
        {
            "TIMESTAMP" => Math.DivRem(v, 1_000_000L).Quotient,
            "DATE" => v * 86_400,
            _ => Math.Abs(v) >= 100_000_000_000L ? v / 1000 : v,
        };
    }
}

/// <summary>The result of <see cref="Sql.Query(string, CancellationToken)"/>: named, typed columns.</summary>
public sealed class SqlTable
{
    internal SqlTable(IReadOnlyList<SqlColumn> columns, int rows) { Columns = columns; RowCount = rows; }

    /// <summary>The columns in query order.</summary>
    public IReadOnlyList<SqlColumn> Columns { get; }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>The column named <paramref name="name"/> (case-insensitive); an error listing the names otherwise.</summary>
    public SqlColumn this[string name] =>
        Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"The result has no column '{name}'. Columns: {string.Join(", ", Columns.Select(c => c.Name))}.");

    /// <summary>True when a column of that name exists.</summary>
    public bool Has(string name) => Columns.Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public override string ToString() => $"{RowCount:N0} rows × ({string.Join(", ", Columns.Select(c => $"{c.Name} {c.TypeName}"))})";
}
