using ResearchKit.Data;
using ResearchKit.Features;

namespace ResearchKit.Tests.Features;

public class UserFeaturesTests
{
    private static readonly FeatureSet Features = UserFeatures.Build(TinyShop.Train());

    private static void AssertColumn(string name, params float[] expected)
    {
        var actual = Features.Column(name);
        Assert.Equal(expected.Length, actual.Length);
        for (var u = 0; u < expected.Length; u++)
        {
            if (float.IsNaN(expected[u])) Assert.True(float.IsNaN(actual[u]), $"{name}[u{u}] = {actual[u]}, expected NaN");
            else Assert.True(Math.Abs(expected[u] - actual[u]) < 1e-5, $"{name}[u{u}] = {actual[u]}, expected {expected[u]}");
        }
    }

    [Fact]
    public void Build_Rfm_RelativeToTrainingEnd()
    {
        AssertColumn("recency_days", 1f - 1f / 24f, 0f, float.NaN);
        AssertColumn("frequency", 5, 3, 0);
        AssertColumn("tenure_days", 10, 8, float.NaN);
        AssertColumn("monetary", 15, 0, 0);
    }

    [Fact]
    public void Build_KindCountsAndSmoothedFunnel()
    {
        AssertColumn("count_view", 2, 3, 0);
        AssertColumn("count_cart", 1, 0, 0);
        AssertColumn("count_purchase", 2, 0, 0);
        Assert.False(Features.TryGetColumnIndex("count_rating", out _));
        // global view→cart rate 1/5; (carts + 0.2) / (views + 1)
        AssertColumn("view_to_cart", 0.4f, 0.05f, 0.2f);
        // global cart→purchase rate 2/1; (purchases + 2) / (carts + 1)
        AssertColumn("cart_to_purchase", 2f, 2f, 2f);
    }

    [Fact]
    public void Build_CategoryAffinity_LaplaceSmoothedShares()
    {
        AssertColumn("cat_share:A", 4f / 7, 3f / 5, 0.5f);
        AssertColumn("cat_share:B", 3f / 7, 2f / 5, 0.5f);
    }

    [Fact]
    public void Build_PriceSensitivity_RelativeToCategory()
    {
        // u0 bought i0 (10 in A, mean 20, percentile 0.25) and i2 (5 in B, mean 5, percentile 0.5).
        AssertColumn("price_ratio_mean", 0.75f, float.NaN, float.NaN);
        AssertColumn("price_pct_mean", 0.375f, float.NaN, float.NaN);
    }

    [Fact]
    public void Build_ActivityWindowsAndSessions()
    {
        AssertColumn("events_last_7d", 2, 2, 0);
        AssertColumn("events_last_30d", 5, 3, 0);
        AssertColumn("sessions", 3, 2, 0);
        AssertColumn("session_events_mean", 5f / 3, 1.5f, float.NaN);
        AssertColumn("session_minutes_mean", 20f / 3, 0.5f, float.NaN);
    }

    [Fact]
    public void Build_TimeSortedLog_SameFeaturesAsShuffledLog()
    {
        var sorted = UserFeatures.Build(TinyShop.Build(TinyShop.TrainEvents.OrderBy(e => e.Time)));
        Assert.Equal(Features.Columns, sorted.Columns);
        Assert.Equal(Features.Data.ToArray(), sorted.Data.ToArray());
    }

    [Fact]
    public void Build_WindowsAsSpanFraction_UsesSpan()
    {
        var f = UserFeatures.Build(TinyShop.Train(), new UserFeatureOptions { ActivityWindows = [0.25], WindowsAsSpanFraction = true });
        // 25% of a 10-day span = 2.5 days before the end.
        Assert.Equal([2f, 2f, 0f], f.Column("events_last_25pct"));
    }

    [Fact]
    public void Build_UserAttributes_OneHotAndNumeric()
    {
        AssertColumn("attr:gender=F", 1, 0, 0);
        AssertColumn("attr:gender=M", 0, 1, 0);
        AssertColumn("attr:age", 30, float.NaN, 40);
        Assert.Equal(["u0", "u1", "u2"], Features.RowIds);
        Assert.Equal("UserFeatures", Features.Provenance.Builder);
        Assert.Equal("tiny", Features.Provenance.Dataset);
    }

    [Fact]
    public void Build_NoCatalogNoTable_OmitsThoseGroups()
    {
        var full = TinyShop.Train();
        var bare = new Dataset("bare", full.Interactions, full.UserIds, full.ItemIds);
        var f = UserFeatures.Build(bare);
        Assert.False(f.TryGetColumnIndex("monetary", out _));
        Assert.False(f.TryGetColumnIndex("cat_share:A", out _));
        Assert.False(f.TryGetColumnIndex("attr:age", out _));
        Assert.Equal(Features.Column("sessions"), f.Column("sessions"));
    }

    [Fact]
    public void Options_Invalid_ThrowNamingOption()
    {
        var e = Assert.Throws<ArgumentException>(() => UserFeatures.Build(TinyShop.Train(), new UserFeatureOptions { SessionGapSeconds = 0 }));
        Assert.Equal("SessionGapSeconds", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => new UserFeatureOptions { ActivityWindows = [2], WindowsAsSpanFraction = true }.Validate());
        Assert.Equal("ActivityWindows", e.ParamName);
    }

    [Fact]
    public void Build_EmptyLog_GivesZeroCountsAndNaNRecency()
    {
        var full = TinyShop.Train();
        var f = UserFeatures.Build(full.WithInteractions(Interactions.Empty));
        Assert.Equal(3, f.Rows);
        Assert.Equal([0f, 0f, 0f], f.Column("frequency"));
        Assert.True(float.IsNaN(f[0, "recency_days"]));
    }
}
