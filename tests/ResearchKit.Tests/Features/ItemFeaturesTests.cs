using ResearchKit.Features;

namespace ResearchKit.Tests.Features;

public class ItemFeaturesTests
{
    private static readonly FeatureSet Features = ItemFeatures.Build(TinyShop.Train());

    private static void AssertColumn(FeatureSet f, string name, params float[] expected)
    {
        var actual = f.Column(name);
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (float.IsNaN(expected[i])) Assert.True(float.IsNaN(actual[i]), $"{name}[i{i}] = {actual[i]}, expected NaN");
            else Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"{name}[i{i}] = {actual[i]}, expected {expected[i]}");
        }
    }

    [Fact]
    public void Build_PopularityTrendAndAge()
    {
        AssertColumn(Features, "log_count", MathF.Log(4), MathF.Log(3), MathF.Log(3), MathF.Log(2));
        // 7-day windows before day 10: (3d, 10d] vs (-4d, 3d].
        AssertColumn(Features, "trend", MathF.Log(0.25f), 0f, MathF.Log(3), MathF.Log(2));
        AssertColumn(Features, "age_days", 10f, 8f, 1f, 60f / 86400);
        AssertColumn(Features, "days_since_last", 10f - 1200f / 86400, 0f, 1f - 1f / 24, 60f / 86400);
    }

    [Fact]
    public void Build_ConversionRate_SmoothedTowardGlobalRate()
    {
        // 2 purchases / 5 views overall = 0.4; (purchases + 0.4) / (views + 1).
        AssertColumn(Features, "conversion_rate", 0.7f, 0.4f / 3, 0.7f, 0.2f);
    }

    [Fact]
    public void Build_PriceFeatures_WithinCategory()
    {
        AssertColumn(Features, "price", 10, 30, 5, float.NaN);
        AssertColumn(Features, "log_price", MathF.Log(11), MathF.Log(31), MathF.Log(6), float.NaN);
        AssertColumn(Features, "price_rel_category", 0.5f, 1.5f, 1f, float.NaN);
        AssertColumn(Features, "price_pct_category", 0.25f, 0.75f, 0.5f, float.NaN);
        AssertColumn(Features, "price_bucket", 1, 3, 2, float.NaN);
    }

    [Fact]
    public void Build_PriceTies_ShareMidRankPercentileAndBucket()
    {
        var catalog = new ResearchKit.Data.ItemCatalog(3);
        catalog.CategoryNames.GetOrAdd("A");
        catalog.Price[0] = 10; catalog.Price[1] = 10; catalog.Price[2] = 20;
        catalog.Category[0] = catalog.Category[1] = catalog.Category[2] = 0;
        var data = new ResearchKit.Data.Dataset("ties", ResearchKit.Data.Interactions.Empty, new ResearchKit.Data.IdMap(), new ResearchKit.Data.IdMap(["a", "b", "c"]), catalog);
        var f = ItemFeatures.Build(data);
        // (#cheaper + ½ #equal) / 3: 10 → 1/3, 20 → 5/6; buckets of 5 → 1 and 4; mean price 40/3.
        AssertColumn(f, "price_pct_category", 1f / 3, 1f / 3, 5f / 6);
        AssertColumn(f, "price_bucket", 1, 1, 4);
        AssertColumn(f, "price_rel_category", 0.75f, 0.75f, 1.5f);
        AssertColumn(f, "log_count", 0, 0, 0);
        AssertColumn(f, "age_days", float.NaN, float.NaN, float.NaN);
    }

    [Fact]
    public void Build_CategoryAndBrand_OneHot()
    {
        AssertColumn(Features, "category=A", 1, 1, 0, 0);
        AssertColumn(Features, "category=B", 0, 0, 1, 1);
        AssertColumn(Features, "brand=nike", 1, 1, 0, 0);
    }

    [Fact]
    public void Build_Tags_MultiHotForMostFrequent()
    {
        var catalog = new ResearchKit.Data.ItemCatalog(3);
        foreach (var g in new[] { "Action", "Comedy", "Drama" }) catalog.TagNames.GetOrAdd(g);
        catalog.Tags = [[0, 2], [2], []];   // Drama ×2, Action ×1, Comedy never used
        var data = new ResearchKit.Data.Dataset("genres", ResearchKit.Data.Interactions.Empty, new ResearchKit.Data.IdMap(), new ResearchKit.Data.IdMap(["a", "b", "c"]), catalog);
        var f = ItemFeatures.Build(data);
        AssertColumn(f, "tag=Action", 1, 0, 0);
        AssertColumn(f, "tag=Drama", 1, 1, 0);
        Assert.False(f.TryGetColumnIndex("tag=Comedy", out _));
        var top1 = ItemFeatures.Build(data, new ItemFeatureOptions { MaxOneHot = 1 });
        Assert.True(top1.TryGetColumnIndex("tag=Drama", out _));
        Assert.False(top1.TryGetColumnIndex("tag=Action", out _));
    }

    [Fact]
    public void Build_ManyCategories_HashedWithSign()
    {
        var f = ItemFeatures.Build(TinyShop.Train(), new ItemFeatureOptions { MaxOneHot = 1 });
        Assert.False(f.TryGetColumnIndex("category=A", out _));
        var h = f.Column("category_h0");
        Assert.Equal([1f, 1f, 1f, 1f], h.Select(Math.Abs));
        Assert.Equal(h[0], h[1]); // same category, same sign
    }

    [Fact]
    public void TitleTfIdf_KnownCosine_CaseInsensitive()
    {
        var m = TitleTfIdf.Compute(["Red shoe", "blue SHOE", "red hat", null], 1 << 20);
        const int d = 1 << 20;
        double Dot(int a, int b) { double s = 0; for (var k = 0; k < d; k++) s += m[a * d + k] * m[b * d + k]; return s; }
        // N = 3 titled; df(red) = df(shoe) = 2, df(blue) = df(hat) = 1; smooth idf = ln((1+N)/(1+df)) + 1.
        var common = Math.Log(4.0 / 3) + 1; var rare = Math.Log(2.0) + 1;
        var expected = common * common / (Math.Sqrt(common * common + common * common) * Math.Sqrt(rare * rare + common * common));
        Assert.Equal(1.0, Dot(0, 0), 5);
        Assert.Equal(expected, Dot(0, 1), 5);
        Assert.Equal(0.0, Dot(3, 3), 12);
        Assert.Equal(32, Features.Columns.Count(c => c.StartsWith("title_h", StringComparison.Ordinal)));
    }

    [Fact]
    public void FeatureHashing_Deterministic_SignFromIndependentBit()
    {
        Assert.Equal(FeatureHashing.Hash("Shoe"), FeatureHashing.Hash("sHOE"));
        Assert.NotEqual(FeatureHashing.Hash("shoe"), FeatureHashing.Hash("shoe", seed: 1));
        var negatives = 0;
        for (var v = 0; v < 10_000; v++) if (FeatureHashing.Bucket(FeatureHashing.Hash(v), 16).Sign < 0) negatives++;
        Assert.InRange(negatives, 4_700, 5_300);
    }

    [Fact]
    public void Options_Invalid_ThrowNamingOption()
    {
        var e = Assert.Throws<ArgumentException>(() => ItemFeatures.Build(TinyShop.Train(), new ItemFeatureOptions { PriceBuckets = 0 }));
        Assert.Equal("PriceBuckets", e.ParamName);
    }
}
