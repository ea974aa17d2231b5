using System.Globalization;
using System.Numerics;
using Parquet;
using Parquet.Schema;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.Files;

/// <summary>
/// Reads one column of a Parquet row group into the form a loader needs, whatever its physical type: ids as text
/// (integers are formatted invariantly, so <c>42</c> and <c>"42"</c> name the same id), values as doubles (NaN for
/// NULL), times as Unix seconds (timestamps and dates converted; integers ≥ 10^11 taken as milliseconds; text parsed
/// by <see cref="TimeParsing"/>).
/// </summary>
internal static class ParquetValues
{
    public static async Task<string?[]> TextAsync(ParquetRowGroupReader rg, DataField field, int n)
    {
        var t = field.ClrType;
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var text = new string?[n];
            await rg.ReadAsync(field, text.AsMemory()).ConfigureAwait(false);
            return text;
        }
        if (t == typeof(int)) return Format(await NullableAsync<int>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(long)) return Format(await NullableAsync<long>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(short)) return Format(await NullableAsync<short>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(uint)) return Format(await NullableAsync<uint>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(ulong)) return Format(await NullableAsync<ulong>(rg, field, n).ConfigureAwait(false));
        throw new NotSupportedException($"column '{field.Name}' has type {t.Name}; ids must be text or integers");
    }

    public static async Task<double[]> NumbersAsync(ParquetRowGroupReader rg, DataField field, int n)
    {
        var t = field.ClrType;
        if (t == typeof(float)) return ToDouble(await NullableAsync<float>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(double)) return ToDouble(await NullableAsync<double>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(decimal)) return ToDouble(await NullableAsync<decimal>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(int)) return ToDouble(await NullableAsync<int>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(long)) return ToDouble(await NullableAsync<long>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(short)) return ToDouble(await NullableAsync<short>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(byte)) return ToDouble(await NullableAsync<byte>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(sbyte)) return ToDouble(await NullableAsync<sbyte>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(uint)) return ToDouble(await NullableAsync<uint>(rg, field, n).ConfigureAwait(false));
        if (t == typeof(bool))
        {
            var b = await NullableAsync<bool>(rg, field, n).ConfigureAwait(false);
            var d = new double[n];
            for (var r = 0; r < n; r++) d[r] = b[r] is { } v ? (v ? 1 : 0) : double.NaN;
            return d;
        }
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var text = await TextAsync(rg, field, n).ConfigureAwait(false);
            var d = new double[n];
            for (var r = 0; r < n; r++)
                d[r] = text[r] is null ? double.NaN : double.TryParse(text[r], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new FormatException($"'{text[r]}' is not a number");
            return d;
        }
        throw new NotSupportedException($"column '{field.Name}' has type {t.Name}; values must be numbers");
    }

    /// <summary>Unix seconds per row; <c>null</c> where the value is NULL.</summary>
    public static async Task<long?[]> SecondsAsync(ParquetRowGroupReader rg, DataField field, int n)
    {
        var t = field.ClrType;
        var s = new long?[n];
        if (t == typeof(DateTime))
        {
            var v = await NullableAsync<DateTime>(rg, field, n).ConfigureAwait(false);
            // Parquet timestamps are instants (or UTC wall clock); the reader's Kind says nothing about the file.
            for (var r = 0; r < n; r++) s[r] = v[r] is { } d ? (d.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond : null;
            return s;
        }
        if (t == typeof(DateTimeOffset))
        {
            var v = await NullableAsync<DateTimeOffset>(rg, field, n).ConfigureAwait(false);
            for (var r = 0; r < n; r++) s[r] = v[r]?.ToUnixTimeSeconds();
            return s;
        }
        if (t == typeof(DateOnly))
        {
            var v = await NullableAsync<DateOnly>(rg, field, n).ConfigureAwait(false);
            for (var r = 0; r < n; r++) s[r] = v[r] is { } d ? (d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber) * 86_400L : null;
            return s;
        }
        if (t == typeof(string) || t == typeof(ReadOnlyMemory<char>))
        {
            var text = await TextAsync(rg, field, n).ConfigureAwait(false);
            for (var r = 0; r < n; r++)
                s[r] = text[r] is null ? null : TimeParsing.TryToUnixSeconds(text[r], out var sec) ? sec : throw new FormatException($"'{text[r]}' is not a time");
            return s;
        }
        var numbers = await NumbersAsync(rg, field, n).ConfigureAwait(false);
        for (var r = 0; r < n; r++)
        {
            var v = numbers[r];
            s[r] = double.IsNaN(v) ? null : Math.Abs(v) >= 1e11 ? (long)(v / 1000) : (long)v;
        }
        return s;
    }

    private static async Task<T?[]> NullableAsync<T>(ParquetRowGroupReader rg, DataField field, int n) where T : struct
    {
        var buffer = new T?[n];
        await rg.ReadAsync<T>(field, buffer.AsMemory()).ConfigureAwait(false);
        return buffer;
    }

    private static string?[] Format<T>(T?[] values) where T : struct, IFormattable
    {
        var text = new string?[values.Length];
        for (var r = 0; r < text.Length; r++) text[r] = values[r]?.ToString(null, CultureInfo.InvariantCulture);
        return text;
    }

    private static double[] ToDouble<T>(T?[] values) where T : struct, INumberBase<T>
    {
        var d = new double[values.Length];
        for (var r = 0; r < d.Length; r++) d[r] = values[r] is { } v ? double.CreateChecked(v) : double.NaN;
        return d;
    }
}
