using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Catalog-derived item features: price (raw, log, relative to and percentile within the category, quantile bucket),
/// category / brand as one-hot or signed hashed columns, and multi-label tags (genres, category paths) as 0/1 columns.
/// </summary>
internal static class ItemCatalogFeatures
{
    public static void Append(ColumnAccumulator acc, ItemCatalog catalog, int itemCount, ItemFeatureOptions options)
    {
        var n = Math.Min(itemCount, catalog.Count);
        if (catalog.HasPrices)
        {
            var stats = CategoryPriceStats.Compute(catalog);
            var price = acc.AddNew("price"); var logPrice = acc.AddNew("log_price");
            var rel = acc.AddNew("price_rel_category"); var pct = acc.AddNew("price_pct_category"); var bucket = acc.AddNew("price_bucket");
            var buckets = options.PriceBuckets;
            for (var i = 0; i < itemCount; i++)
            {
                var p = i < n ? catalog.Price[i] : float.NaN;
                price[i] = p;
                logPrice[i] = float.IsNaN(p) ? float.NaN : MathF.Log(1 + MathF.Max(p, 0));
                rel[i] = i < n ? stats.RelativeToCategoryMean[i] : float.NaN;
                pct[i] = i < n ? stats.PercentileInCategory[i] : float.NaN;
                bucket[i] = float.IsNaN(pct[i]) ? float.NaN : Math.Min(buckets - 1, (int)(pct[i] * buckets));
            }
        }
        AppendCategorical(acc, "category", catalog.Category, catalog.CategoryNames, n, options.MaxOneHot);
        AppendCategorical(acc, "brand", catalog.Brand, catalog.BrandNames, n, options.MaxOneHot);
        if (catalog.Tags is { } tags) AppendTags(acc, tags, catalog.TagNames, n, options.MaxOneHot);
    }

    // Multi-label tags (MovieLens genres, RetailRocket category paths): a 0/1 column per tag, for the maxTags most
    // frequent (ties to the lower code), in code order.
    private static void AppendTags(ColumnAccumulator acc, int[][] tags, IdMap names, int n, int maxTags)
    {
        var counts = new Dictionary<int, int>();
        for (var i = 0; i < Math.Min(n, tags.Length); i++)
            foreach (var t in tags[i] ?? []) if (t >= 0) counts[t] = counts.GetValueOrDefault(t) + 1;
        if (counts.Count == 0) return;
        var kept = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Take(maxTags).Select(c => c.Key).Order().ToArray();
        var column = new Dictionary<int, float[]>();
        foreach (var t in kept) column[t] = acc.AddNew("tag=" + LogIndex.NameOf(names, t));
        for (var i = 0; i < Math.Min(n, tags.Length); i++)
            foreach (var t in tags[i] ?? [])
                if (column.TryGetValue(t, out var col)) col[i] = 1f;
    }

    private static void AppendCategorical(ColumnAccumulator acc, string prefix, int[] codes, IdMap names, int n, int maxOneHot)
    {
        var levels = 0;
        for (var i = 0; i < n; i++) if (codes[i] + 1 > levels) levels = codes[i] + 1;
        if (levels == 0) return;
        if (levels <= maxOneHot)
        {
            var cols = new float[levels][];
            for (var c = 0; c < levels; c++) cols[c] = acc.AddNew(prefix + "=" + LogIndex.NameOf(names, c));
            for (var i = 0; i < n; i++) if (codes[i] >= 0) cols[codes[i]][i] = 1f;
            return;
        }
        var hashed = new float[maxOneHot][];
        for (var k = 0; k < maxOneHot; k++) hashed[k] = acc.AddNew($"{prefix}_h{k}");
        var seed = FeatureHashing.Hash(prefix);
        var levelBucket = new int[levels]; var levelSign = new float[levels];
        // Hash the level's name, not its code, so the same brand lands in the same bucket in every dataset.
        for (var c = 0; c < levels; c++) (levelBucket[c], levelSign[c]) = FeatureHashing.Bucket(FeatureHashing.Hash(LogIndex.NameOf(names, c), seed), maxOneHot);
        for (var i = 0; i < n; i++)
        {
            var c = codes[i];
            if (c >= 0) hashed[levelBucket[c]][i] += levelSign[c];
        }
    }
}
