using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>Popularity, trend, age / recency and conversion of items: one pass over the log.</summary>
internal static class ItemActivityFeatures
{
    public static void Append(ColumnAccumulator acc, Interactions log, int itemCount, ItemFeatureOptions options)
    {
        var (start, end) = LogIndex.TimeRange(log);
        var window = LogIndex.WindowSeconds(options.TrendWindow, options.WindowsAsSpanFraction, end - start);
        long recentStart = end - window, previousStart = end - 2 * window;
        var items = log.Items; var times = log.Timestamps; var kinds = log.Kinds;
        var count = new int[itemCount]; var recent = new int[itemCount]; var previous = new int[itemCount];
        var views = new int[itemCount]; var purchases = new int[itemCount];
        var first = new long[itemCount]; var last = new long[itemCount];
        Array.Fill(first, long.MaxValue); Array.Fill(last, long.MinValue);
        long totalViews = 0, totalPurchases = 0;
        for (var e = 0; e < items.Length; e++)
        {
            var i = items[e]; var t = times[e];
            count[i]++;
            if (t > recentStart) recent[i]++;
            else if (t > previousStart) previous[i]++;
            if (t < first[i]) first[i] = t;
            if (t > last[i]) last[i] = t;
            if (kinds[e] == EventKind.View) { views[i]++; totalViews++; }
            else if (kinds[e] == EventKind.Purchase) { purchases[i]++; totalPurchases++; }
        }
        var logCount = acc.AddNew("log_count"); var trend = acc.AddNew("trend");
        var age = acc.AddNew("age_days"); var sinceLast = acc.AddNew("days_since_last");
        for (var i = 0; i < itemCount; i++)
        {
            logCount[i] = MathF.Log(1 + count[i]);
            trend[i] = MathF.Log((recent[i] + 1f) / (previous[i] + 1f));
            age[i] = count[i] == 0 ? float.NaN : (float)((end - first[i]) / LogIndex.SecondsPerDay);
            sinceLast[i] = count[i] == 0 ? float.NaN : (float)((end - last[i]) / LogIndex.SecondsPerDay);
        }
        if (totalViews > 0 && totalPurchases > 0)
        {
            var p = (double)totalPurchases / totalViews;
            var s = options.ConversionSmoothing;
            var conversion = acc.AddNew("conversion_rate");
            for (var i = 0; i < itemCount; i++)
                conversion[i] = views[i] + s > 0 ? (float)((purchases[i] + s * p) / (views[i] + s)) : (float)p;
        }
    }
}
