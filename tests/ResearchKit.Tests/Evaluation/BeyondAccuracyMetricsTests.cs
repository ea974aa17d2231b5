using ResearchKit.Data;
using ResearchKit.Evaluation.Metrics;

namespace ResearchKit.Tests.Evaluation;

public class BeyondAccuracyMetricsTests
{
    private static ItemCatalog Catalog()
    {
        var c = new ItemCatalog(4);
        c.Category[0] = 0; c.Category[1] = 0; c.Category[2] = 1; // item 3 unknown
        return c;
    }

    [Fact]
    public void Novelty_SkipsUnseenItems_MeanSelfInformation()
    {
        int[] pop = [10, 5, 0, 1];
        Assert.Equal((0 + 1 + Math.Log2(10)) / 3, BeyondAccuracyMetrics.Novelty([0, 1, 2, 3], 4, pop, 10), 12);
        Assert.True(double.IsNaN(BeyondAccuracyMetrics.Novelty([2], 4, pop, 10)));
    }

    [Fact]
    public void Arp_IsMeanPopularityOfTheList()
    {
        Assert.Equal(4.0, BeyondAccuracyMetrics.AverageRecommendationPopularity([0, 1, 2, 3], 10, [10, 5, 0, 1]), 12);
        Assert.Equal(7.5, BeyondAccuracyMetrics.AverageRecommendationPopularity([0, 1, 2, 3], 2, [10, 5, 0, 1]), 12);
    }

    [Fact]
    public void Diversity_Categories_OneMinusMeanPairSimilarity()
    {
        var sim = new CategorySimilarity(Catalog());
        Assert.Equal(1 - (1.0 / 3), BeyondAccuracyMetrics.Diversity([0, 1, 2], 3, sim), 12);
        Assert.Equal(1, BeyondAccuracyMetrics.Diversity([2, 3], 3, sim), 12); // unknown category matches nothing
        Assert.True(double.IsNaN(BeyondAccuracyMetrics.Diversity([0], 3, sim)));
    }

    [Fact]
    public void CooccurrenceSimilarity_IsCosineOfUserSets()
    {
        // item0 {0,1,2}, item1 {1,2}, item2 {3}
        var m = CsrMatrix.FromCoordinates(3, 4, [0, 0, 0, 1, 1, 2], [0, 1, 2, 1, 2, 3], [1, 1, 1, 1, 1, 1]);
        var sim = new CooccurrenceSimilarity(m);
        Assert.Equal(2 / Math.Sqrt(6), sim.Similarity(0, 1), 12);
        Assert.Equal(0, sim.Similarity(0, 2), 12);
        Assert.Equal(1, sim.Similarity(2, 2), 12);
    }

    [Fact]
    public void CooccurrenceSimilarity_PopularItemsAsBitsets_SameValuesAsMerge()
    {
        // 3,000 users; items 0–9 popular (bitsets: ≥ 94 users), the rest rare (merged lists).
        var rng = new Random(7);
        var rows = new List<int>(); var cols = new List<int>();
        for (var item = 0; item < 40; item++)
        {
            var users = item < 10 ? 300 + (item * 90) : 5 + item;
            foreach (var u in Enumerable.Range(0, 3000).OrderBy(_ => rng.Next()).Take(users)) { rows.Add(item); cols.Add(u); }
        }
        var m = CsrMatrix.FromCoordinates(40, 3000, rows.ToArray(), cols.ToArray(), Enumerable.Repeat(1f, rows.Count).ToArray());
        var sim = new CooccurrenceSimilarity(m);
        for (var a = 0; a < 40; a++)
            for (var b = 0; b < 40; b++)
            {
                var ua = m.RowIndices(a); var ub = m.RowIndices(b);
                var expected = a == b ? 1 : CooccurrenceSimilarity.IntersectionSize(ua, ub) / Math.Sqrt((double)ua.Length * ub.Length);
                Assert.Equal(expected, sim.Similarity(a, b));
            }
    }

    [Fact]
    public void Serendipity_RelevantAndUnlikeHistory_CountsOnlyHits()
    {
        var sim = new CategorySimilarity(Catalog());
        // hit item 2 (category 1) vs history {1} (category 0): unexpectedness 1; list of 2 -> 0.5.
        Assert.Equal(0.5, BeyondAccuracyMetrics.Serendipity([0, 2], [2], 2, [1], sim), 12);
        // hit item 1 is in the category of the history item 0: unexpectedness 0.
        Assert.Equal(0, BeyondAccuracyMetrics.Serendipity([0, 1], [1], 2, [0], sim), 12);
        // empty history: a hit is fully unexpected.
        Assert.Equal(0.5, BeyondAccuracyMetrics.Serendipity([0, 1], [1], 2, [], sim), 12);
    }

    [Fact]
    public void CoverageAndGini_FromRecommendationCounts()
    {
        Assert.Equal(0.5, BeyondAccuracyMetrics.Coverage([2, 0, 1, 0]), 12);
        Assert.Equal(0.75, BeyondAccuracyMetrics.Gini([0, 0, 0, 4]), 12);
        Assert.Equal(0, BeyondAccuracyMetrics.Gini([1, 1, 1, 1]), 12);
        Assert.True(double.IsNaN(BeyondAccuracyMetrics.Gini([0, 0])));
    }

    [Fact]
    public void RatingErrors_MatchHandComputation()
    {
        Assert.Equal(Math.Sqrt(5.0 / 3), RatingMetrics.Rmse([1, 2, 3], [1, 1, 5]), 12);
        Assert.Equal(1, RatingMetrics.Mae([1, 2, 3], [1, 1, 5]), 12);
        Assert.Throws<ArgumentException>(() => RatingMetrics.Rmse([1], [1, 2]));
    }
}
