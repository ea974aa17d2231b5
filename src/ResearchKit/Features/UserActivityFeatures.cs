using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>RFM, event-kind counts, smoothed funnel ratios and activity windows: one pass over the log.</summary>
internal static class UserActivityFeatures
{
    // One cache line per user for the hot per-event updates (the log visits users in random order).
    private struct Activity
    {
        public long First;
        public long Last;
        public int View, Cart, Purchase, Rating;
        public double Monetary;
    }

    public static void Append(ColumnAccumulator acc, Interactions log, int userCount, long start, long end,
        UserFeatureOptions options, ItemCatalog? catalog)
    {
        var users = log.Users; var items = log.Items; var times = log.Timestamps; var kinds = log.Kinds; var values = log.Values;
        var windows = options.ActivityWindows;
        var windowStart = new long[windows.Count];
        for (var w = 0; w < windows.Count; w++) windowStart[w] = end - LogIndex.WindowSeconds(windows[w], options.WindowsAsSpanFraction, end - start);

        var activity = new Activity[userCount];
        for (var u = 0; u < userCount; u++) { activity[u].First = long.MaxValue; activity[u].Last = long.MinValue; }
        var nw = windowStart.Length;
        var windowCounts = new int[nw * userCount];
        var prices = catalog is not null && catalog.HasPrices ? catalog.Price : null;
        var kindsPresent = new bool[4];

        for (var i = 0; i < users.Length; i++)
        {
            var u = users[i]; var t = times[i]; var k = kinds[i];
            ref var a = ref activity[u];
            if (t < a.First) a.First = t;
            if (t > a.Last) a.Last = t;
            switch (k)
            {
                case EventKind.View: a.View++; break;
                case EventKind.Cart: a.Cart++; break;
                case EventKind.Purchase:
                    a.Purchase++;
                    if (prices is not null)
                    {
                        var p = prices[items[i]];
                        if (!float.IsNaN(p)) a.Monetary += p * (values[i] > 0 ? values[i] : 1f);
                    }
                    break;
                default: a.Rating++; break;
            }
            kindsPresent[Math.Min((int)k, 3)] = true;
            for (var w = 0; w < nw; w++) if (t > windowStart[w]) windowCounts[u * nw + w]++;
        }

        var kindCounts = new int[4 * userCount];
        var recency = acc.AddNew("recency_days"); var frequency = acc.AddNew("frequency"); var tenure = acc.AddNew("tenure_days");
        for (var u = 0; u < userCount; u++)
        {
            var a = activity[u];
            (kindCounts[4 * u], kindCounts[4 * u + 1], kindCounts[4 * u + 2], kindCounts[4 * u + 3]) = (a.View, a.Cart, a.Purchase, a.Rating);
            var n = a.View + a.Cart + a.Purchase + a.Rating;
            frequency[u] = n;
            recency[u] = n == 0 ? float.NaN : (float)((end - a.Last) / LogIndex.SecondsPerDay);
            tenure[u] = n == 0 ? float.NaN : (float)((end - a.First) / LogIndex.SecondsPerDay);
        }
        if (prices is not null)
        {
            var m = acc.AddNew("monetary");
            for (var u = 0; u < userCount; u++) m[u] = (float)activity[u].Monetary;
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
            for (var u = 0; u < userCount; u++) col[u] = windowCounts[u * nw + w];
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
