using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Price sensitivity from purchases: <c>price_ratio_mean</c> = mean over a user's purchases of
/// price / (mean price of the item's category), and <c>price_pct_mean</c> = mean percentile of the purchased
/// price within its category (0 = always the cheapest, 1 = always the dearest). NaN for users without a priced
/// purchase. Added only when the catalog has prices and the log has purchases.
/// </summary>
internal static class PriceSensitivity
{
    public static void Append(ColumnAccumulator acc, Interactions log, ItemCatalog catalog, int userCount)
    {
        if (!catalog.HasPrices) return;
        var kinds = log.Kinds;
        var any = false;
        foreach (var k in kinds) if (k == EventKind.Purchase) { any = true; break; }
        if (!any) return;

        var stats = CategoryPriceStats.Compute(catalog);
        var rel = stats.RelativeToCategoryMean; var pct = stats.PercentileInCategory;
        var sumRel = new double[userCount]; var sumPct = new double[userCount]; var n = new int[userCount];
        var users = log.Users; var items = log.Items;
        for (var e = 0; e < users.Length; e++)
        {
            if (kinds[e] != EventKind.Purchase) continue;
            var i = items[e];
            if ((uint)i >= (uint)rel.Length || float.IsNaN(rel[i])) continue;
            var u = users[e];
            sumRel[u] += rel[i]; sumPct[u] += pct[i]; n[u]++;
        }
        var ratio = acc.AddNew("price_ratio_mean"); var percentile = acc.AddNew("price_pct_mean");
        for (var u = 0; u < userCount; u++)
        {
            ratio[u] = n[u] == 0 ? float.NaN : (float)(sumRel[u] / n[u]);
            percentile[u] = n[u] == 0 ? float.NaN : (float)(sumPct[u] / n[u]);
        }
    }
}
