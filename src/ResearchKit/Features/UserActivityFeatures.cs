using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>RFM, event-kind counts, smoothed funnel ratios and activity windows: one pass over the log.</summary>
internal static class UserActivityFeatures
{
    public static void Append(ColumnAccumulator acc, Interactions log, int userCount, long start, long end,
        UserFeatureOptions options, ItemCatalog? catalog)
    {
        var users = log.Users; var items = log.Items; var times = log.Timestamps; var kinds = log.Kinds; var values = log.Values;
        var windows = options.ActivityWindows;
        var windowStart = new long[windows.Count];
        for (var w = 0; w < windows.Count; w++) windowStart[w] = end - LogIndex.WindowSeconds(windows[w], options.WindowsAsSpanFraction, end - start);

        var first = new long[userCount]; var last = new long[userCount];
        Array.Fill(first, long.MaxValue); Array.Fill(last, long.MinValue);
        var kindCounts = new int[4 * userCount];
        var windowCounts = new int[windows.Count * userCount];
        var monetary = new double[userCount];
        var prices = catalog is not null && catalog.HasPrices ? catalog.Price : null;
        var kindsPresent = new bool[4];

        for (var i = 0; i < users.Length; i++)
        {
            var u = users[i]; var t = times[i]; var k = (int)kinds[i];
            if (t < first[u]) first[u] = t;
            if (t > last[u]) last[u] = t;
            kindCounts[4 * u + k]++;
            kindsPresent[k] = true;
            for (var w = 0; w < windowStart.Length; w++) if (t > windowStart[w]) windowCounts[w * userCount + u]++;
            if (k == (int)EventKind.Purchase && prices is not null)
            {
                var p = prices[items[i]];
                if (!float.IsNaN(p)) monetary[u] += p * (values[i] > 0 ? values[i] : 1f);
            }
        }

        var recency = acc.AddNew("recency_days"); var frequency = acc.AddNew("frequency"); var tenure = acc.AddNew("tenure_days");
        for (var u = 0; u < userCount; u++)
        {
            var n = kindCounts[4 * u] + kindCounts[4 * u + 1] + kindCounts[4 * u + 2] + kindCounts[4 * u + 3];
            frequency[u] = n;
            recency[u] = n == 0 ? float.NaN : (float)((end - last[u]) / LogIndex.SecondsPerDay);
            tenure[u] = n == 0 ? float.NaN : (float)((end - first[u]) / LogIndex.SecondsPerDay);
        }
        if (prices is not null)
        {
            var m = acc.AddNew("monetary");
            for (var u = 0; u < userCount; u++) m[u] = (float)monetary[u];
        }

        string[] kindNames = ["count_view", "count_cart", "count_purchase", "count_rating"];
        var totals = new long[4];
        for (var k = 0; k < 4; k++)
        {
            if (!kindsPresent[k]) continue;
            var col = acc.AddNew(kindNames[k]);
            for (var u = 0; u < userCount; u++) { col[u] = kindCounts[4 * u + k]; totals[k] += kindCounts[4 * u + k]; }
        }
        if (kindsPresent[(int)EventKind.View] && kindsPresent[(int)EventKind.Cart])
            AddFunnel(acc, "view_to_cart", kindCounts, (int)EventKind.View, (int)EventKind.Cart, totals, options.FunnelSmoothing, userCount);
        if (kindsPresent[(int)EventKind.Cart] && kindsPresent[(int)EventKind.Purchase])
            AddFunnel(acc, "cart_to_purchase", kindCounts, (int)EventKind.Cart, (int)EventKind.Purchase, totals, options.FunnelSmoothing, userCount);

        for (var w = 0; w < windows.Count; w++)
        {
            var col = acc.AddNew("events_last_" + LogIndex.WindowLabel(windows[w], options.WindowsAsSpanFraction));
            for (var u = 0; u < userCount; u++) col[u] = windowCounts[w * userCount + u];
        }
    }

    /// <summary>(to + s·p) / (from + s) with p = Σto / Σfrom: a Beta-prior shrinkage toward the global rate.</summary>
    private static void AddFunnel(ColumnAccumulator acc, string name, int[] counts, int from, int to, long[] totals, double s, int userCount)
    {
        var p = totals[from] > 0 ? (double)totals[to] / totals[from] : 0.0;
        var col = acc.AddNew(name);
        for (var u = 0; u < userCount; u++)
        {
            double a = counts[4 * u + to], b = counts[4 * u + from];
            col[u] = b + s > 0 ? (float)((a + s * p) / (b + s)) : (float)p;
        }
    }
}
