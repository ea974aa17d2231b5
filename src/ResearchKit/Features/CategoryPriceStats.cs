using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Where each item's price sits within its category, from the catalog (side information with no time, so it
/// cannot leak test events): price / category mean price, and the mid-rank percentile
/// (#cheaper + ½·#same price) / #priced items in the category, in [0, 1]. Items without a category are compared
/// with the other uncategorised items. Unknown prices give NaN.
/// </summary>
internal sealed class CategoryPriceStats
{
    private CategoryPriceStats(float[] relative, float[] percentile)
    {
        RelativeToCategoryMean = relative;
        PercentileInCategory = percentile;
    }

    /// <summary>Price divided by the mean price of the item's category, per item.</summary>
    public float[] RelativeToCategoryMean { get; }

    /// <summary>Mid-rank percentile of the price within the item's category, per item.</summary>
    public float[] PercentileInCategory { get; }

    public static CategoryPriceStats Compute(ItemCatalog catalog)
    {
        var n = catalog.Count;
        var groups = 1;
        foreach (var c in catalog.Category) if (c + 2 > groups) groups = c + 2;
        // Group g = category + 1, so "unknown" (-1) is group 0; only priced items take part.
        var ptr = new int[groups + 1];
        for (var i = 0; i < n; i++) if (!float.IsNaN(catalog.Price[i])) ptr[catalog.Category[i] + 2]++;
        for (var g = 0; g < groups; g++) ptr[g + 1] += ptr[g];
        var next = ptr.AsSpan(0, groups).ToArray();
        var prices = new float[ptr[groups]];
        for (var i = 0; i < n; i++)
        {
            var p = catalog.Price[i];
            if (!float.IsNaN(p)) prices[next[catalog.Category[i] + 1]++] = p;
        }
        var mean = new double[groups];
        for (var g = 0; g < groups; g++)
        {
            var seg = prices.AsSpan(ptr[g], ptr[g + 1] - ptr[g]);
            seg.Sort();
            double sum = 0;
            foreach (var p in seg) sum += p;
            mean[g] = seg.IsEmpty ? double.NaN : sum / seg.Length;
        }
        var relative = new float[n];
        var percentile = new float[n];
        for (var i = 0; i < n; i++)
        {
            var p = catalog.Price[i];
            if (float.IsNaN(p)) { relative[i] = float.NaN; percentile[i] = float.NaN; continue; }
            var g = catalog.Category[i] + 1;
            var seg = prices.AsSpan(ptr[g], ptr[g + 1] - ptr[g]);
            relative[i] = mean[g] > 0 ? (float)(p / mean[g]) : float.NaN;
            var less = LowerBound(seg, p);
            var equal = LowerBound(seg, MathF.BitIncrement(p)) - less;
            percentile[i] = (float)((less + 0.5 * equal) / seg.Length);
        }
        return new CategoryPriceStats(relative, percentile);
    }

    private static int LowerBound(ReadOnlySpan<float> sorted, float value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
