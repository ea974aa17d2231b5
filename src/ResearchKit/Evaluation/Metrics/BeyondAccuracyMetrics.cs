namespace ResearchKit.Evaluation.Metrics;

/// <summary>
/// Beyond-accuracy metrics. Per-list ones (novelty, ARP, diversity, serendipity) look at the first k items of one
/// user's list and return NaN when they are undefined for it (the evaluator averages over defined values);
/// catalogue-level ones (coverage, Gini) look at how often each item was recommended over all users.
/// Popularity <c>n_i</c> is the number of distinct training users of item i.
/// </summary>
public static class BeyondAccuracyMetrics
{
    /// <summary>
    /// novelty@k: mean self-information −log2(n_i / |U|) of the recommended items with n_i &gt; 0 (Zhou et al. 2010;
    /// Recommenders' novelty); items nobody saw in training have no defined popularity and are left out. NaN when none count.
    /// </summary>
    public static double Novelty(ReadOnlySpan<int> recommended, int k, ReadOnlySpan<int> popularity, int userCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(userCount);
        var n = Cut(recommended, k);
        double sum = 0; var counted = 0;
        for (var i = 0; i < n; i++)
        {
            var item = recommended[i];
            var c = (uint)item < (uint)popularity.Length ? popularity[item] : 0;
            if (c <= 0) continue;
            sum += -Math.Log2((double)c / userCount);
            counted++;
        }
        return counted == 0 ? double.NaN : sum / counted;
    }

    /// <summary>arp@k (average recommendation popularity, Abdollahpouri et al. 2019): mean n_i over the list; NaN for an empty list.</summary>
    public static double AverageRecommendationPopularity(ReadOnlySpan<int> recommended, int k, ReadOnlySpan<int> popularity)
    {
        var n = Cut(recommended, k);
        if (n == 0) return double.NaN;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var item = recommended[i];
            sum += (uint)item < (uint)popularity.Length ? popularity[item] : 0;
        }
        return sum / n;
    }

    /// <summary>
    /// Intra-list diversity@k = 1 − mean pairwise similarity over the (n choose 2) pairs of the list
    /// (Ziegler et al. 2005; Recommenders' diversity). NaN for lists shorter than 2.
    /// </summary>
    public static double Diversity(ReadOnlySpan<int> recommended, int k, IItemSimilarity similarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        var n = Cut(recommended, k);
        if (n < 2) return double.NaN;
        double sum = 0;
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++) sum += similarity.Similarity(recommended[i], recommended[j]);
        return 1 - (sum / (n * (n - 1) / 2.0));
    }

    /// <summary>
    /// serendipity@k (Recommenders' definition): mean over the list of relevance(i) · unexpectedness(i), where
    /// unexpectedness(i) = 1 − mean similarity of i to the user's training items (1 when the history is empty).
    /// Only hits contribute, so only their unexpectedness is computed. NaN for an empty list.
    /// </summary>
    public static double Serendipity(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k,
        ReadOnlySpan<int> history, IItemSimilarity similarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        var n = Cut(recommended, k);
        if (n == 0) return double.NaN;
        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            var item = recommended[i];
            if (!RankingMetrics.IsRelevant(relevant, item)) continue;
            if (history.IsEmpty) { sum += 1; continue; }
            double sim = 0;
            foreach (var h in history) sim += similarity.Similarity(item, h);
            sum += 1 - (sim / history.Length);
        }
        return sum / n;
    }

    /// <summary>coverage@k (catalogue coverage): distinct recommended items / catalogue size.</summary>
    /// <param name="recommendationCounts">Times each item appeared in a top-k list (length = catalogue size).</param>
    public static double Coverage(ReadOnlySpan<int> recommendationCounts)
    {
        if (recommendationCounts.IsEmpty) return double.NaN;
        var distinct = 0;
        foreach (var c in recommendationCounts) if (c > 0) distinct++;
        return (double)distinct / recommendationCounts.Length;
    }

    /// <summary>
    /// gini@k: Gini index of how often each catalogue item was recommended, items sorted ascending by count:
    /// G = Σ_j (2j − n − 1)·x_(j) / (n · Σ x) with j from 1. 0 = every item equally often, → 1 = one item always.
    /// NaN when nothing was recommended.
    /// </summary>
    public static double Gini(ReadOnlySpan<int> recommendationCounts)
    {
        var n = recommendationCounts.Length;
        if (n == 0) return double.NaN;
        var sorted = recommendationCounts.ToArray();
        Array.Sort(sorted);
        double weighted = 0, total = 0;
        for (var j = 0; j < n; j++)
        {
            weighted += ((2.0 * (j + 1)) - n - 1) * sorted[j];
            total += sorted[j];
        }
        return total == 0 ? double.NaN : weighted / (n * total);
    }

    private static int Cut(ReadOnlySpan<int> recommended, int k) => Math.Min(Math.Max(k, 0), recommended.Length);
}
