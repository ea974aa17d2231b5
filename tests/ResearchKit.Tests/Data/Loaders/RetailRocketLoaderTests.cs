using ResearchKit.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Tests.Data.Loaders;

public class RetailRocketLoaderTests
{
    private const string Events =
        "timestamp,visitorid,event,itemid,transactionid\n" +
        "1433221332117,257597,view,355908,\n" +
        "1433224214164,992329,view,248676,\n" +
        "1433221999827,111016,addtocart,355908,\n" +
        "1433222147345,111016,transaction,355908,4000\n";

    [Fact]
    public void Load_EventsAndLatestCategory()
    {
        using var dir = new TempDir();
        dir.Write("events.csv", Events);
        dir.Write("item_properties_part1.csv", "timestamp,itemid,property,value\n1435460400000,355908,categoryid,1338\n1441508400000,355908,categoryid,1277\n1439089200000,248676,888,1116173 n277.200\n");
        dir.Write("item_properties_part2.csv", "timestamp,itemid,property,value\n1431226800000,248676,categoryid,491\n1431226800000,999,categoryid,7\n");
        var data = DataSpec.Load($"retailrocket:{dir.Root}");
        Assert.Equal(4, data.Interactions.Count);
        Assert.Equal([EventKind.View, EventKind.View, EventKind.Cart, EventKind.Purchase], data.Interactions.Kinds.ToArray());
        Assert.Equal(1433221332L, data.Interactions.Timestamps[0]);
        Assert.Equal(["257597", "992329", "111016"], data.UserIds.Ids);
        var items = data.Items!;
        Assert.Equal("1277", items.CategoryNames.ToExternal(items.Category[data.ItemIds.ToDense("355908")]));   // the later value wins
        Assert.Equal("491", items.CategoryNames.ToExternal(items.Category[data.ItemIds.ToDense("248676")]));
        Assert.Equal(2, data.ItemCount);   // item 999 only in properties
    }

    [Fact]
    public void Load_UnknownEvent_IsLocatedError_OrSkipped()
    {
        using var dir = new TempDir();
        var path = dir.Write("events.csv", Events + "1433222147345,5,wishlist,1,\n");
        var e = Assert.Throws<CsvFormatException>(() => RetailRocketLoader.Load(path));
        Assert.Equal(6, e.Line);
        Assert.Contains("wishlist", e.Message, StringComparison.Ordinal);
        var data = RetailRocketLoader.Load(path, new DataLoadOptions { SkipBadRows = true });
        Assert.Null(data.Items);
        Assert.Equal(1, data.Report!.BadRowsSkipped);
    }
}
