using System.Globalization;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// The one parser of times and values every loader uses, with the ranges the kit accepts: times are Unix seconds
/// from 1970-01-01 to 2100-01-01 (<see cref="MaxUnixSeconds"/>), values are finite and within float range.
/// </summary>
public static class TimeParsing
{
    /// <summary>2100-01-01T00:00:00Z in Unix seconds: the latest time a loader accepts.</summary>
    public const long MaxUnixSeconds = 4_102_444_800;

    /// <summary>Integers of at least this magnitude are read as milliseconds (10¹¹ ms ≈ 1973-03-03).</summary>
    public const long MillisecondsFrom = 100_000_000_000;

    /// <summary>What a loader's error says was expected of a time field.</summary>
    public const string Expected = "a Unix time in 1970..2100 (seconds ≤ 4102444800, or milliseconds ≥ 10^11) or a date";

    /// <summary>What a loader's error says was expected of a value field.</summary>
    public const string ExpectedValue = "a number (finite, within float range ±3.4e38)";

    /// <summary>
    /// Parses Unix seconds (<c>978300760</c>), Unix milliseconds (any integer of magnitude ≥ 10^11, e.g. RetailRocket's
    /// <c>1433221332117</c>), fractional seconds, or a date/time in invariant culture (<c>2010-12-01 08:26:00</c>,
    /// <c>12/1/2010 8:26</c>), taken as UTC. Empty text is 0 (unknown). False when the text is none of these or the
    /// time falls outside 1970-01-01 .. 2100-01-01.
    /// </summary>
    public static bool TryToUnixSeconds(ReadOnlySpan<char> text, out long seconds)
    {
        text = text.Trim();
        seconds = 0;
        if (text.IsEmpty) return true;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            return InRange(Math.Abs(n) >= MillisecondsFrom ? n / 1000 : n, out seconds);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            return TryFromNumber(d, out seconds);
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
            return InRange(new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeSeconds(), out seconds);
        return false;
    }

    /// <summary>A numeric time (seconds, or milliseconds when ≥ 10¹¹) as Unix seconds; false when out of range or not finite.</summary>
    public static bool TryFromNumber(double value, out long seconds)
    {
        seconds = 0;
        if (!double.IsFinite(value)) return false;
        var s = Math.Floor(Math.Abs(value) >= MillisecondsFrom ? value / 1000 : value);
        return s is >= 0 and <= MaxUnixSeconds && InRange((long)s, out seconds);
    }

    /// <summary>
    /// Parses a value (rating, quantity, price) in invariant culture; false unless it is finite and within float
    /// range — "Infinity", "NaN", 1e39 and 1e309 are all rejected.
    /// </summary>
    public static bool TryParseValue(ReadOnlySpan<char> text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);

    /// <summary>A double (e.g. from JSON) as a float value; false unless finite within float range.</summary>
    public static bool TryToValue(double number, out float value)
    {
        value = (float)number;
        return float.IsFinite(value);
    }

    private static bool InRange(long s, out long seconds)
    {
        seconds = s;
        return s is >= 0 and <= MaxUnixSeconds;
    }

    /// <summary>Field <paramref name="field"/> of the reader's row as Unix seconds; a located error otherwise.</summary>
    internal static long Read(CsvReader csv, int field, string column)
    {
        var s = csv[field];
        return TryToUnixSeconds(s, out var t) ? t : throw csv.Error(Expected, s.ToString(), column);
    }
}
