using System.Globalization;
using Microsoft.Data.Analysis;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.Frames;

/// <summary>
/// Reads a whole <see cref="DataFrameColumn"/> into the form the kit needs, checking its type once (per-row access
/// goes through the typed column, so nothing is boxed). Errors name the column, its type and what was expected.
/// </summary>
internal static class FrameColumns
{
    public static DataFrameColumn Find(DataFrame frame, string name, string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name, role);
        foreach (var c in frame.Columns) if (c.Name == name) return c;
        foreach (var c in frame.Columns) if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
        throw new ArgumentException($"The DataFrame has no column '{name}' (for {role}). Columns: {string.Join(", ", frame.Columns.Select(c => c.Name))}.", role);
    }

    /// <summary>Ids as text: string columns as they are, integer columns formatted invariantly; float columns are refused.</summary>
    public static string?[] Ids(DataFrameColumn c, string role)
    {
        var n = checked((int)c.Length);
        var text = new string?[n];
        switch (c)
        {
            case StringDataFrameColumn s: for (var r = 0; r < n; r++) text[r] = s[r]; return text;
            case ArrowStringDataFrameColumn s: for (var r = 0; r < n; r++) text[r] = s[r]; return text;
            case PrimitiveDataFrameColumn<int> p: for (var r = 0; r < n; r++) text[r] = p[r]?.ToString(CultureInfo.InvariantCulture); return text;
            case PrimitiveDataFrameColumn<long> p: for (var r = 0; r < n; r++) text[r] = p[r]?.ToString(CultureInfo.InvariantCulture); return text;
            case PrimitiveDataFrameColumn<short> p: for (var r = 0; r < n; r++) text[r] = p[r]?.ToString(CultureInfo.InvariantCulture); return text;
            case PrimitiveDataFrameColumn<uint> p: for (var r = 0; r < n; r++) text[r] = p[r]?.ToString(CultureInfo.InvariantCulture); return text;
            case PrimitiveDataFrameColumn<ulong> p: for (var r = 0; r < n; r++) text[r] = p[r]?.ToString(CultureInfo.InvariantCulture); return text;
            default:
                throw new ArgumentException($"Column '{c.Name}' ({role}) holds {c.DataType.Name}; ids must be text or integers. " +
                    "DataFrame.LoadCsv reads every column as float unless given dataTypes: pass typeof(string) or typeof(long) for id columns.", role);
        }
    }

    /// <summary>Values as doubles, NaN for null; any numeric column (and bool as 0/1).</summary>
    public static double[] Numbers(DataFrameColumn c, string role) => c switch
    {
        PrimitiveDataFrameColumn<float> p => Convert(p),
        PrimitiveDataFrameColumn<double> p => Convert(p),
        PrimitiveDataFrameColumn<decimal> p => Convert(p),
        PrimitiveDataFrameColumn<int> p => Convert(p),
        PrimitiveDataFrameColumn<long> p => Convert(p),
        PrimitiveDataFrameColumn<short> p => Convert(p),
        PrimitiveDataFrameColumn<byte> p => Convert(p),
        PrimitiveDataFrameColumn<sbyte> p => Convert(p),
        PrimitiveDataFrameColumn<uint> p => Convert(p),
        PrimitiveDataFrameColumn<ushort> p => Convert(p),
        PrimitiveDataFrameColumn<bool> p => Bools(p),
        _ => throw new ArgumentException($"Column '{c.Name}' ({role}) holds {c.DataType.Name}; it must be numeric.", role),
    };

    /// <summary>Unix seconds, null for null: DateTime (UTC wall clock) and DateTimeOffset columns, integers (seconds, or milliseconds when ≥ 10^11), or text parsed by <see cref="TimeParsing"/>.</summary>
    public static long?[] Seconds(DataFrameColumn c, string role)
    {
        var n = checked((int)c.Length);
        var s = new long?[n];
        switch (c)
        {
            case PrimitiveDataFrameColumn<DateTime> p:
                for (var r = 0; r < n; r++) s[r] = p[r] is { } d ? (d.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond : null;
                return s;
            case PrimitiveDataFrameColumn<DateTimeOffset> p:
                for (var r = 0; r < n; r++) s[r] = p[r]?.ToUnixTimeSeconds();
                return s;
            case StringDataFrameColumn or ArrowStringDataFrameColumn:
                var text = Ids(c, role);
                for (var r = 0; r < n; r++)
                    s[r] = text[r] is null ? null : TimeParsing.TryToUnixSeconds(text[r], out var t) ? t
                        : throw new ArgumentException($"Column '{c.Name}' ({role}) row {r}: '{text[r]}' is not a time.", role);
                return s;
            case PrimitiveDataFrameColumn<float> or PrimitiveDataFrameColumn<double>:
                throw new ArgumentException($"Column '{c.Name}' ({role}) holds {c.DataType.Name}; times must be DateTime, integer Unix seconds or text (a float loses seconds).", role);
            default:
                var numbers = Numbers(c, role);
                for (var r = 0; r < n; r++)
                    s[r] = double.IsNaN(numbers[r]) ? null : Math.Abs(numbers[r]) >= 1e11 ? (long)(numbers[r] / 1000) : (long)numbers[r];
                return s;
        }
    }

    private static double[] Convert<T>(PrimitiveDataFrameColumn<T> p) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var d = new double[checked((int)p.Length)];
        for (var r = 0; r < d.Length; r++) d[r] = p[r] is { } v ? double.CreateChecked(v) : double.NaN;
        return d;
    }

    private static double[] Bools(PrimitiveDataFrameColumn<bool> p)
    {
        var d = new double[checked((int)p.Length)];
        for (var r = 0; r < d.Length; r++) d[r] = p[r] is { } v ? (v ? 1 : 0) : double.NaN;
        return d;
    }
}
