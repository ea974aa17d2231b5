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

    private static TempDir WithTree(string tree)
    {
        var dir = new TempDir();
        dir.Write("events.csv", Events);
        dir.Write("item_properties_part1.csv", "timestamp,itemid,property,value\n1441508400000,355908,categoryid,1277\n1431226800000,248676,categoryid,491\n");
        dir.Write("category_tree.csv", tree);
        return dir;
    }

    [Fact]
    public void Load_CategoryTree_TagsArePathsAndRootIsOptional()
    {
        // 1277 → 20 → 1 (root); 491 → 1; 7 is another root.
        using var dir = WithTree("categoryid,parentid\n1277,20\n20,1\n491,1\n1,\n7,\n");
        var leaf = DataSpec.Load($"retailrocket:{dir.Root}");
        var items = leaf.Items!;
        var item = leaf.ItemIds.ToDense("355908");
        Assert.Equal("1277", items.CategoryNames.ToExternal(items.Category[item]));
        Assert.Equal(["1277", "20", "1"], items.Tags![item].Select(items.TagNames.ToExternal).ToArray());
        var root = DataSpec.Load($"retailrocket:{dir.Root}?category=root").Items!;
        Assert.Equal("1", root.CategoryNames.ToExternal(root.Category[item]));
        Assert.Equal(root.Category[item], root.Category[leaf.ItemIds.ToDense("248676")]);   // both under root 1
        Assert.Equal(1, root.CategoryNames.Count);
    }

    [Fact]
    public void Load_CategoryTreeProblems_ClearErrors()
    {
        using (var cyclic = WithTree("categoryid,parentid\n1277,20\n20,1277\n491,\n"))
        {
            var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"retailrocket:{cyclic.Root}"));
            Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        }
        using var dir = new TempDir();
        dir.Write("events.csv", Events);
        Assert.Throws<FileNotFoundException>(() => DataSpec.Load($"retailrocket:{dir.Root}?category=root"));
        Assert.Throws<FormatException>(() => DataSpec.Load($"retailrocket:{dir.Root}?category=middle"));
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
