using ResearchKit.Data;
using ResearchKit.Data.Splitting;
using ResearchKit.Data.Synthetic;

namespace ResearchKit.Tests.Data.Synthetic;

public class SyntheticShopTests
{
    private static readonly Lazy<SyntheticShop> Default = new(() => SyntheticShop.Generate());

    [Fact]
    public void Generate_Defaults_HasRealisticShape()
    {
        var shop = Default.Value;
        var log = shop.Dataset.Interactions;
        Assert.Equal(5_000, shop.Dataset.UserCount);
        Assert.Equal(2_000, shop.Dataset.ItemCount);
        Assert.InRange(log.Count, 170_000, 240_000);
        int views = 0, carts = 0, buys = 0;
        foreach (var k in log.Kinds) { if (k == EventKind.View) views++; else if (k == EventKind.Cart) carts++; else if (k == EventKind.Purchase) buys++; }
        Assert.Equal(log.Count, views + carts + buys);
        Assert.InRange((double)carts / views, 0.05, 0.4);   // funnel narrows
        Assert.InRange((double)buys / carts, 0.2, 0.8);
        var ts = log.Timestamps;
        for (var i = 1; i < ts.Length; i++) Assert.True(ts[i] >= ts[i - 1], "rows are in time order");
        Assert.InRange(ts[0], shop.Options.StartTime, shop.Options.StartTime + 86_400L * shop.Options.Days);
        Assert.InRange(ts[^1], shop.Options.StartTime, shop.Options.StartTime + 86_400L * shop.Options.Days);
    }

    [Fact]
    public void Generate_Catalog_EveryItemHasCategoryBrandPriceTitle()
    {
        var items = Default.Value.Dataset.Items!;
        Assert.Equal(20, items.CategoryNames.Count);
        Assert.Equal(60, items.BrandNames.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Assert.InRange(items.Category[i], 0, 19);
            Assert.InRange(items.Brand[i], 0, 59);
            Assert.True(items.Price[i] >= 0.99f);
            Assert.False(string.IsNullOrWhiteSpace(items.Title[i]));
        }
        Assert.Equal("Electronics", items.CategoryNames.ToExternal(0));
    }

    [Fact]
    public void Generate_Popularity_IsLongTailed()
    {
        var shop = Default.Value;
        var counts = shop.Dataset.Interactions.CountPerItem(shop.Dataset.ItemCount);
        var sorted = counts.OrderDescending().ToArray();
        var top10 = sorted.Take(sorted.Length / 10).Sum();
        Assert.True(top10 > 0.4 * sorted.Sum(), $"top 10% of items hold {top10 / (double)sorted.Sum():P0} of events");
    }

    [Fact]
    public void Generate_ColdUsers_HaveAtMostThreeViews()
    {
        var shop = Default.Value;
        var log = shop.Dataset.Interactions;
        var views = new int[shop.Dataset.UserCount];
        for (var r = 0; r < log.Count; r++) if (log.Kinds[r] == EventKind.View) views[log.Users[r]]++;
        var cold = 0;
        for (var u = 0; u < views.Length; u++)
        {
            if (!shop.ColdUsers[u]) { Assert.True(views[u] >= 2); continue; }
            cold++;
            Assert.InRange(views[u], 1, 3);
        }
        Assert.InRange(cold, 400, 600);   // 10% of 5,000
    }

    [Fact]
    public void Generate_SameSeed_IsIdentical_DifferentSeed_Differs()
    {
        var o = new SyntheticShopOptions { Users = 300, Items = 200, Seed = 7 };
        var a = SyntheticShop.Generate(o).Dataset.Interactions;
        var b = SyntheticShop.Generate(o).Dataset.Interactions;
        var c = SyntheticShop.Generate(o with { Seed = 8 }).Dataset.Interactions;
        Assert.True(a.Users.SequenceEqual(b.Users) && a.Items.SequenceEqual(b.Items) && a.Timestamps.SequenceEqual(b.Timestamps) && a.Kinds.SequenceEqual(b.Kinds));
        Assert.False(a.Items.SequenceEqual(c.Items));
    }

    [Fact]
    public void Generate_ScalesLinearlyInUsers()
    {
        var small = SyntheticShop.Generate(new SyntheticShopOptions { Users = 1_000, Items = 500 }).Dataset.Interactions.Count;
        var large = SyntheticShop.Generate(new SyntheticShopOptions { Users = 4_000, Items = 500 }).Dataset.Interactions.Count;
        Assert.InRange(large / (double)small, 3.4, 4.6);
    }

    [Theory]
    [InlineData("Users")]
    [InlineData("ChoiceTemperature")]
    [InlineData("ColdUserFraction")]
    public void Validate_BadOption_NamesIt(string option)
    {
        var o = option switch
        {
            "Users" => new SyntheticShopOptions { Users = 0 },
            "ChoiceTemperature" => new SyntheticShopOptions { ChoiceTemperature = 0 },
            _ => new SyntheticShopOptions { ColdUserFraction = 1.5 },
        };
        var e = Assert.Throws<ArgumentException>(() => SyntheticShop.Generate(o));
        Assert.Contains(option, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PlantedStructure_MatrixFactorisation_BeatsPopularityClearly()
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 2_000, Items = 800, Seed = 3 });
        var split = Splits.Stratified(shop.Dataset, 0.75, seed: 1);
        var train = split.Train.ToCsr(DuplicatePolicy.Max);
        var test = split.Test.ToCsr(DuplicatePolicy.Max);
        var pop = new float[train.Cols];
        foreach (var i in train.ColumnIndices) pop[i]++;
        var (u, v) = TinyAls.Fit(train, d: 16, iterations: 8);
        var d = 16;
        float[] MfScores(int user)
        {
            var s = new float[train.Cols];
            for (var i = 0; i < s.Length; i++)
                s[i] = System.Numerics.Tensors.TensorPrimitives.Dot<float>(u.AsSpan(user * d, d), v.AsSpan(i * d, d));
            return s;
        }
        float[] Oracle(int user) { var s = new float[train.Cols]; shop.OracleScores(user, s); return s; }
        var popRecall = TinyAls.RecallAtK(train, test, _ => (float[])pop.Clone(), 10);
        var mfRecall = TinyAls.RecallAtK(train, test, MfScores, 10);
        var oracleRecall = TinyAls.RecallAtK(train, test, Oracle, 10);
        Assert.True(mfRecall > 1.5 * popRecall, $"MF recall@10 {mfRecall:F3} vs popularity {popRecall:F3}");
        Assert.True(oracleRecall > 1.5 * popRecall, $"oracle recall@10 {oracleRecall:F3} vs popularity {popRecall:F3}");
    }
}
