using ResearchKit.Data;
using ResearchKit.Data.Splitting;

namespace ResearchKit.Tests.Data.Splitting;

public class KCoreTests
{
    [Fact]
    public void Filter_TwoCore_PeelsUntilStable_AndCompactsIds()
    {
        // Users a,b share items x,y; c only touched z (and z only by c); d touched x and w (w only by d).
        var users = new IdMap(["a", "b", "c", "d"]); var items = new IdMap(["x", "y", "z", "w"]);
        var log = new InteractionsBuilder();
        log.Add(0, 0); log.Add(0, 1); log.Add(1, 0); log.Add(1, 1); log.Add(1, 1);
        log.Add(2, 2); log.Add(3, 0); log.Add(3, 3);
        var catalog = new ItemCatalog(4);
        catalog.Price[1] = 9.5f;
        var data = new Dataset("k", log.Build(), users, items, catalog);
        var core = KCore.Filter(data, 2, 2);
        // d drops after w is removed (w has 1 user) ⇒ d has 1 item; c and z go at once.
        Assert.Equal(["a", "b"], core.UserIds.Ids);
        Assert.Equal(["x", "y"], core.ItemIds.Ids);
        Assert.Equal(5, core.Interactions.Count);   // repeated row of (b, y) kept
        Assert.Equal(9.5f, core.Items!.Price[core.ItemIds.ToDense("y")]);
    }

    [Fact]
    public void Filter_WithoutCompaction_KeepsIdMaps()
    {
        var core = KCore.Filter(SplitsTests.Fixture(), 3, 1, compact: false);
        Assert.Equal(6, core.UserCount);
        var counts = core.Interactions.CountPerUser(6);
        Assert.Equal([0, 0, 3, 4, 5, 6], counts);
    }
}
