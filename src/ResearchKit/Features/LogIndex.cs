using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Shared passes over an interaction log used by the feature builders: the log's time range (the training log's
/// end is "now" for every recency feature, never the wall clock) and a grouping of row indices by user or item,
/// time-ordered within each group, built by a stable counting sort in O(n + groups).
/// </summary>
internal static class LogIndex
{
    public const double SecondsPerDay = 86_400.0;

    /// <summary>Largest and smallest timestamp (0, 0 for an empty log).</summary>
    public static (long Start, long End) TimeRange(Interactions log)
    {
        var t = log.Timestamps;
        if (t.IsEmpty) return (0, 0);
        long min = long.MaxValue, max = long.MinValue;
        foreach (var x in t)
        {
            if (x < min) min = x;
            if (x > max) max = x;
        }
        return (min, max);
    }

    /// <summary>
    /// Row indices grouped by <paramref name="keys"/> (group g is order[ptr[g]..ptr[g+1]]), ordered by timestamp
    /// within a group (ties keep log order). Logs are usually time-sorted already, so the per-group sort only runs
    /// where a group is out of order.
    /// </summary>
    public static (int[] Ptr, int[] Order) GroupByTime(ReadOnlySpan<int> keys, ReadOnlySpan<long> timestamps, int groups)
    {
        var ptr = new int[groups + 1];
        foreach (var k in keys) ptr[k + 1]++;
        for (var g = 0; g < groups; g++) ptr[g + 1] += ptr[g];
        var next = ptr.AsSpan(0, groups).ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < keys.Length; i++) order[next[keys[i]]++] = i;

        long[]? scratch = null;
        for (var g = 0; g < groups; g++)
        {
            int start = ptr[g], end = ptr[g + 1];
            var sorted = true;
            for (var p = start + 1; p < end && sorted; p++) sorted = timestamps[order[p]] >= timestamps[order[p - 1]];
            if (sorted) continue;
            var n = end - start;
            if (scratch is null || scratch.Length < n) scratch = new long[Math.Max(n, 64)];
            var keySpan = scratch.AsSpan(0, n);
            for (var p = 0; p < n; p++) keySpan[p] = timestamps[order[start + p]];
            var idx = order.AsSpan(start, n);
            keySpan.Sort(idx);
            // Introsort is not stable: put equal timestamps back in log order so the result is deterministic.
            for (int a = 0, b; a < n; a = b)
            {
                for (b = a + 1; b < n && keySpan[b] == keySpan[a]; b++) { }
                if (b - a > 1) idx[a..b].Sort();
            }
        }
        return (ptr, order);
    }

    /// <summary>Window lengths in seconds: days, or fractions of the log's span when <paramref name="asSpanFraction"/>.</summary>
    public static long WindowSeconds(double window, bool asSpanFraction, long span) =>
        asSpanFraction ? (long)Math.Round(window * span) : (long)Math.Round(window * SecondsPerDay);

    /// <summary>Column-name suffix for a window ("7d" or "25pct").</summary>
    public static string WindowLabel(double window, bool asSpanFraction) =>
        asSpanFraction
            ? (window * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "pct"
            : window.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + "d";

    /// <summary>The display name of a code in an id map (the code itself when the map has no name for it).</summary>
    public static string NameOf(IdMap names, int code) =>
        code < names.Count ? names.ToExternal(code) : code.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
