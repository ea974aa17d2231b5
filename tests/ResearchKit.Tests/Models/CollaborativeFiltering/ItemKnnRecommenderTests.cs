using ResearchKit.Data;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

public class ItemKnnRecommenderTests
{
    // u0 {0,1}, u1 {0,1,2}, u2 {2,3}: C01 = 2, C02 = 1, C12 = 1, C23 = 1; every item count c = 2 except c3 = 1.
    private static ResearchKit.Models.TrainingSet Tiny(long[]? times = null)
    {
        var b = new InteractionsBuilder();
        (int U, int I)[] pairs = [(0, 0), (0, 1), (1, 0), (1, 1), (1, 2), (2, 2), (2, 3)];
        for (var k = 0; k < pairs.Length; k++) b.Add(pairs[k].U, pairs[k].I, 1f, times?[k] ?? 0);
        return CfFixtures.Wrap("tiny", b.Build(), 3, 4);
    }

    [Theory]
    [InlineData(ItemSimilarity.Cosine, 1f, 0.5f)]
    [InlineData(ItemSimilarity.Jaccard, 1f, 1f / 3)]
    [InlineData(ItemSimilarity.Lift, 0.5f, 0.25f)]
    [InlineData(ItemSimilarity.Cooccurrence, 2f, 1f)]
    public void SimilarItems_TinyMatrix_KnownValues(ItemSimilarity similarity, float sim01, float sim02)
    {
        var model = new ItemKnnRecommender(new ItemKnnOptions { Similarity = similarity });
        model.Fit(Tiny());
        var s = model.SimilarItems(0, 3);
        Assert.Equal([1, 2], s.Items);
        Assert.Equal(sim01, s.Scores[0], 5);
        Assert.Equal(sim02, s.Scores[1], 5);
    }

    [Fact]
    public void Neighbors_LimitsStoredList()
    {
        var model = new ItemKnnRecommender(new ItemKnnOptions { Neighbors = 1 });
        model.Fit(Tiny());
        Assert.Equal([1], model.SimilarItems(0, 5).Items);
    }

    [Fact]
    public void Score_SumsSimilaritiesOfSeenItems()
    {
        var model = new ItemKnnRecommender(new ItemKnnOptions { Similarity = ItemSimilarity.Cooccurrence });
        model.Fit(Tiny());
        var s = new float[4];
        model.Score(0, s); // u0 has items 0 and 1: item 2 gets C02 + C12 = 2, item 3 gets 0
        Assert.Equal(2f, s[2]);
        Assert.Equal(0f, s[3]);
    }

    [Fact]
    public void HalfLife_DecaysOldAffinity()
    {
        // Items 0 and 1 were seen 30 days before items 2 and 3; the half-life is 1 day.
        const long day = 86400;
        var model = new ItemKnnRecommender(new ItemKnnOptions { Similarity = ItemSimilarity.Cooccurrence, HalfLifeDays = 1 });
        model.Fit(Tiny([0, 0, 0, 0, 30 * day, 30 * day, 30 * day]));
        var s = new float[4];
        model.Score(1, s);
        Assert.Equal(1f, s[3], 4); // C23 · a(u1, 2) with a = 1 (newest)
        model.Score(0, s); // u0's items 0 and 1 are 30 half-lives old: item 2 gets (C02 + C12)·2^−30
        Assert.Equal(2 * Math.Pow(2, -30), s[2], 12);
    }
}
