using System.Globalization;

namespace ResearchKit.Data.Loaders;

/// <summary>Turns the time spellings found in public logs into Unix seconds.</summary>
public static class TimeParsing
{
    /// <summary>
    /// Parses Unix seconds (<c>978300760</c>), Unix milliseconds (any integer of magnitude ≥ 10^11, e.g. RetailRocket's
    /// <c>1433221332117</c>), fractional seconds, or a date/time in invariant culture (<c>2010-12-01 08:26:00</c>,
    /// <c>12/1/2010 8:26</c>), taken as UTC. Empty text is 0 (unknown).
    /// </summary>
    public static bool TryToUnixSeconds(ReadOnlySpan<char> text, out long seconds)
    {
        text = text.Trim();
        if (text.IsEmpty) { seconds = 0; return true; }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            seconds = Math.Abs(n) >= 100_000_000_000L ? n / 1000 : n;
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            seconds = (long)Math.Floor(Math.Abs(d) >= 1e11 ? d / 1000 : d);
            return true;
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t))
        {
            seconds = new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeSeconds();
            return true;
        }
        seconds = 0;
        return false;
    }

    /// <summary>Field <paramref name="field"/> of the reader's row as Unix seconds; a located error otherwise.</summary>
    internal static long Read(CsvReader csv, int field, string column)
    {
        var s = csv[field];
        return TryToUnixSeconds(s, out var t) ? t : throw csv.Error("a Unix time (seconds or milliseconds) or a date", s.ToString(), column);
    }
}
