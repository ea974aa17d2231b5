using ResearchKit.Data;
using ResearchKit.Data.Splitting;

namespace ResearchKit.Tests.Data.Splitting;

public class SplitsTests
{
    /// <summary>User u (0..5) has u+1 distinct items, item j at time 100·j; user 0 also re-views item 0.</summary>
    internal static Dataset Fixture()
    {
        var users = new IdMap(); var items = new IdMap();
        for (var u = 0; u < 6; u++) users.GetOrAdd($"u{u}");
        for (var i = 0; i < 10; i++) items.GetOrAdd($"i{i}");
        var b = new InteractionsBuilder();
        for (var u = 0; u < 6; u++)
            for (var j = 0; j <= u; j++) b.Add(u, j, 1f, 100 * j + u, EventKind.View);
        b.Add(0, 0, 1f, 5, EventKind.Purchase);
        return new Dataset("fixture", b.Build(), users, items);
    }

    private static HashSet<(int, int)> Pairs(Dataset d)
    {
        var set = new HashSet<(int, int)>();
        for (var r = 0; r < d.Interactions.Count; r++) set.Add((d.Interactions.Users[r], d.Interactions.Items[r]));
        return set;
    }

    [Fact]
    public void Stratified_PerUser_TrainGetsRoundHalfEvenOfRatio()
    {
        var split = Splits.Stratified(Fixture(), 0.75, seed: 1);
        var train = split.Train.Interactions.CountPerUser(6);
        var test = split.Test.Interactions.CountPerUser(6);
        // n = 1..6 distinct items: round(0.75n) half-to-even = 1 (n=1 kept), 2 (1.5→2), 2 (2.25), 3, 4 (3.75), 4 (4.5→4).
        int[] expectedTrainPairs = [1, 2, 2, 3, 4, 4];
        Assert.Equal(2, train[0]);   // user 0's item 0 has two rows, both in train
        for (var u = 1; u < 6; u++)
        {
            Assert.Equal(expectedTrainPairs[u], train[u]);
            Assert.Equal(u + 1 - expectedTrainPairs[u], test[u]);
        }
        Assert.Same(split.Train.ItemIds, split.Test.ItemIds);
        Assert.Same(split.Train.UserIds, split.Test.UserIds);
    }

    [Fact]
    public void Stratified_NoTestPairAppearsInTrain_AndSeedIsDeterministic()
    {
        var data = Synthetic.SyntheticShopTests_Small();
        var a = Splits.Stratified(data, 0.75, seed: 5);
        var b = Splits.Stratified(data, 0.75, seed: 5);
        var c = Splits.Stratified(data, 0.75, seed: 6);
        Assert.Empty(Pairs(a.Train).Intersect(Pairs(a.Test)));
        Assert.Equal(data.Interactions.Count, a.Train.Interactions.Count + a.Test.Interactions.Count);
        Assert.True(a.Test.Interactions.Items.SequenceEqual(b.Test.Interactions.Items));
        Assert.False(a.Test.Interactions.Items.SequenceEqual(c.Test.Interactions.Items));
    }

    [Fact]
    public void Stratified_WithValidation_ThreeDisjointParts()
    {
        var data = Synthetic.SyntheticShopTests_Small();
        var s = Splits.Stratified(data, 0.6, seed: 2, validationRatio: 0.2);
        Assert.NotNull(s.Validation);
        Assert.Equal(data.Interactions.Count, s.Train.Interactions.Count + s.Test.Interactions.Count + s.Validation!.Interactions.Count);
        Assert.Empty(Pairs(s.Train).Intersect(Pairs(s.Validation)));
        Assert.Empty(Pairs(s.Test).Intersect(Pairs(s.Validation)));
    }

    [Fact]
    public void Random_SplitsDistinctPairsByRatio()
    {
        var data = Fixture();   // 21 distinct pairs
        var s = Splits.Random(data, 0.8, seed: 3);
        Assert.Equal(17, Pairs(s.Train).Count);   // round(16.8)
        Assert.Equal(4, Pairs(s.Test).Count);
        Assert.Empty(Pairs(s.Train).Intersect(Pairs(s.Test)));
    }

    [Fact]
    public void Temporal_CutsAtTimeQuantile_AndDropsSeenPairsFromTest()
    {
        var data = Fixture();   // 22 rows; times 100j+u and one at 5
        var s = Splits.Temporal(data, 0.5);
        var sorted = data.Interactions.Timestamps.ToArray().Order().ToArray();
        var cut = sorted[11];
        foreach (var t in s.Train.Interactions.Timestamps) Assert.True(t < cut);
        foreach (var t in s.Test.Interactions.Timestamps) Assert.True(t >= cut);
        Assert.Equal(22, s.Train.Interactions.Count + s.Test.Interactions.Count);

        var users = new IdMap(["u"]); var items = new IdMap(["a", "b", "c"]);
        var b = new InteractionsBuilder();
        b.Add(0, 0, 1, 1); b.Add(0, 1, 1, 2); b.Add(0, 0, 1, 3); b.Add(0, 2, 1, 4);
        var repeat = Splits.Temporal(new Dataset("r", b.Build(), users, items), 0.5);
        Assert.Equal(2, repeat.Train.Interactions.Count);
        Assert.Equal([2], repeat.Test.Interactions.Items.ToArray());   // the re-view of 'a' after the cut is dropped
        Assert.Equal(1, repeat.DroppedTestRows);
        Assert.Equal(DataSplit.SeenPairReason, repeat.DroppedTestReason);
        Assert.Contains("1 test rows dropped", repeat.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, s.DroppedTestRows);   // the fixture repeats no pair across the cut
        Assert.Null(s.DroppedTestReason);
    }

    [Fact]
    public void Temporal_KeepingSeenPairs_DropsNothing()
    {
        var b = new InteractionsBuilder();
        b.Add(0, 0, 1, 1); b.Add(0, 1, 1, 2); b.Add(0, 0, 1, 3); b.Add(0, 2, 1, 4);
        var keep = Splits.Temporal(new Dataset("r", b.Build(), new IdMap(["u"]), new IdMap(["a", "b", "c"])), 0.5, excludeSeenFromTest: false);
        Assert.Equal(0, keep.DroppedTestRows);
        Assert.Equal(2, keep.Test.Interactions.Count);
    }

    [Fact]
    public void Temporal_WithoutTimestamps_IsClearError()
    {
        var b = new InteractionsBuilder();
        b.Add(0, 0); b.Add(0, 1); b.Add(1, 0);
        var data = new Dataset("untimed", b.Build(), new IdMap(["a", "b"]), new IdMap(["x", "y"]));
        var e = Assert.Throws<ArgumentException>(() => Splits.Temporal(data, 0.8));
        Assert.Contains("needs timestamps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LeaveLast_HoldsOutLatestItemPerUser()
    {
        var s = Splits.LeaveLast(Fixture(), 1);
        var test = s.Test.Interactions;
        Assert.Equal(5, test.Count);   // users 1..5; user 0 has a single item and stays in train
        for (var r = 0; r < test.Count; r++) Assert.Equal(test.Users[r], test.Items[r]);   // user u's latest item is u
    }

    [Fact]
    public void ColdUsers_HoldsOutWholeUsers()
    {
        var data = Synthetic.SyntheticShopTests_Small();
        var s = Splits.ColdUsers(data, 0.2, seed: 9);
        var trainUsers = s.Train.Interactions.Users.ToArray().ToHashSet();
        var testUsers = s.Test.Interactions.Users.ToArray().ToHashSet();
        Assert.Empty(trainUsers.Intersect(testUsers));
        Assert.Equal((int)Math.Round(0.2 * (trainUsers.Count + testUsers.Count), MidpointRounding.ToEven), testUsers.Count);
    }

    [Fact]
    public void Stratified_BadRatio_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Stratified(Fixture(), 1.0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Stratified(Fixture(), 0.7, 1, validationRatio: 0.3));
    }
}

internal static class Synthetic
{
    private static readonly Lazy<Dataset> Small = new(() =>
        ResearchKit.Data.Synthetic.SyntheticShop.Generate(new() { Users = 300, Items = 150, Seed = 11 }).Dataset);

    public static Dataset SyntheticShopTests_Small() => Small.Value;
}
