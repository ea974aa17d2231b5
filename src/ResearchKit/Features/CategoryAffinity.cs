using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Category affinity: each user's share of training events per category with additive smoothing,
/// (n_uc + α) / (n_u + α·C), C = number of categories with training events. Only the most frequent
/// <see cref="UserFeatureOptions.MaxCategories"/> categories get a column (ties: lower code first); the shares are
/// still normalised over all C, so a user with no events gets the uniform share 1/C.
/// </summary>
internal static class CategoryAffinity
{
    public static void Append(ColumnAccumulator acc, Interactions log, ItemCatalog catalog, int userCount, UserFeatureOptions options)
    {
        var categoryOf = catalog.Category;
        var categories = 0;
        foreach (var c in categoryOf) if (c + 1 > categories) categories = c + 1;
        var users = log.Users; var items = log.Items;
        var total = new int[categories];
        foreach (var i in items)
        {
            var c = (uint)i < (uint)categoryOf.Length ? categoryOf[i] : -1;
            if (c >= 0) total[c]++;
        }
        var seen = 0;
        foreach (var t in total) if (t > 0) seen++;
        if (seen == 0) return;

        var chosen = TopCategories(total, Math.Min(options.MaxCategories, seen));
        var slot = new int[categories];
        Array.Fill(slot, -1);
        for (var j = 0; j < chosen.Length; j++) slot[chosen[j]] = j;

        var k = chosen.Length;
        var counts = new int[userCount * k];
        var perUser = new int[userCount];
        for (var e = 0; e < users.Length; e++)
        {
            var i = items[e];
            var c = (uint)i < (uint)categoryOf.Length ? categoryOf[i] : -1;
            if (c < 0) continue;
            var u = users[e];
            perUser[u]++;
            var s = slot[c];
            if (s >= 0) counts[u * k + s]++;
        }
        var alpha = options.CategorySmoothing;
        for (var j = 0; j < k; j++)
        {
            var col = acc.AddNew("cat_share:" + LogIndex.NameOf(catalog.CategoryNames, chosen[j]));
            for (var u = 0; u < userCount; u++)
            {
                var denominator = perUser[u] + alpha * seen;
                col[u] = denominator > 0 ? (float)((counts[u * k + j] + alpha) / denominator) : 0f;
            }
        }
    }

    private static int[] TopCategories(int[] total, int k)
    {
        var codes = new int[total.Length];
        for (var c = 0; c < codes.Length; c++) codes[c] = c;
        // Descending count, then ascending code: deterministic.
        Array.Sort(codes, (a, b) => total[a] != total[b] ? total[b].CompareTo(total[a]) : a.CompareTo(b));
        return codes.AsSpan(0, k).ToArray();
    }
}
