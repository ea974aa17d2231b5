using ResearchKit.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Tests.Data.Loaders;

public class CsvLoaderTests
{
    [Fact]
    public void Load_MappedColumns_KeepsOriginalIdsKindsAndTimes()
    {
        using var dir = new TempDir();
        var path = dir.Write("log.tsv", "ts\tvisitor\tevent\tproduct\n1433221332117\tv1\tview\tp9\n1433221400000\tv1\taddtocart\tp9\n1433221500000\tv2\ttransaction\tp3\n");
        var data = DataSpec.Load($"csv:{path}?user=visitor&item=product&time=ts&kind=event&sep=tab");
        var log = data.Interactions;
        Assert.Equal(3, log.Count);
        Assert.Equal(["v1", "v2"], data.UserIds.Ids);
        Assert.Equal(["p9", "p3"], data.ItemIds.Ids);
        Assert.Equal([EventKind.View, EventKind.Cart, EventKind.Purchase], log.Kinds.ToArray());
        Assert.Equal(1433221332L, log.Timestamps[0]);   // milliseconds → seconds
        Assert.Equal(3, data.Report!.RowsLoaded);
    }

    [Fact]
    public void Load_ValueWithoutKind_IsRating_AndHeaderlessPositionsWork()
    {
        using var dir = new TempDir();
        var path = dir.Write("r.csv", "7;12;3.5;978300760\n8;12;4;978300761\n");
        var data = DataSpec.Load($"csv:{path}?user=1&item=2&value=3&time=4&sep=;&header=false");
        Assert.Equal(EventKind.Rating, data.Interactions.Kinds[0]);
        Assert.Equal(3.5f, data.Interactions.Values[0]);
        Assert.Equal(978300761L, data.Interactions.Timestamps[1]);
    }

    [Fact]
    public void Load_BadRow_FailsWithLocation_OrIsSkippedAndCounted()
    {
        using var dir = new TempDir();
        var path = dir.Write("b.csv", "user,item,rating\n1,2,5\n1,3\n2,3,x\n3,3,1\n");
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"csv:{path}?value=rating"));
        Assert.Equal(3, e.Line);
        var data = DataSpec.Load($"csv:{path}?value=rating", new DataLoadOptions { SkipBadRows = true });
        Assert.Equal(2, data.Interactions.Count);
        Assert.Equal(2, data.Report!.BadRowsSkipped);
        Assert.Equal(4, data.Report.RowsRead);
        Assert.Contains("line 4, column 'rating'", data.Report.FirstErrors[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingColumn_ListsHeader_UnknownKind_NamesLine()
    {
        using var dir = new TempDir();
        var path = dir.Write("m.csv", "visitor,item\n1,2\n");
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"csv:{path}"));
        Assert.Contains("column named 'user'", e.Message, StringComparison.Ordinal);
        Assert.Contains("visitor,item", e.Message, StringComparison.Ordinal);
        var k = dir.Write("k.csv", "user,item,kind\n1,2,view\n1,2,wishlist\n");
        var ke = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"csv:{k}?kind=kind"));
        Assert.Equal(3, ke.Line);
        Assert.Contains("wishlist", ke.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_HeaderOnly_IsClearError()
    {
        using var dir = new TempDir();
        var path = dir.Write("h.csv", "user,item\n");
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"csv:{path}"));
        Assert.Contains("at least one data row", e.Message, StringComparison.Ordinal);
    }
}
