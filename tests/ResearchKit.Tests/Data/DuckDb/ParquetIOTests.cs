using ResearchKit.Data;
using ResearchKit.Data.DuckDb;
using ResearchKit.Data.Loaders;
using ResearchKit.Data.Synthetic;
using ResearchKit.Tests.Data.Loaders;

namespace ResearchKit.Tests.Data.DuckDb;

public class ParquetIOTests
{
    [Fact]
    public void WriteThenLoad_RoundTripsEveryColumn()
    {
        using var dir = new TempDir();
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 120, Items = 60, Seed = 4 }).Dataset;
        var path = Path.Combine(dir.Root, "shop.parquet");
        ParquetIO.Write(shop, path);
        var back = DataSpec.Load($"parquet:{path}");
        var a = shop.Interactions; var b = back.Interactions;
        Assert.Equal(a.Count, b.Count);
        for (var r = 0; r < a.Count; r++)
        {
            Assert.Equal(shop.UserIds.ToExternal(a.Users[r]), back.UserIds.ToExternal(b.Users[r]));
            Assert.Equal(shop.ItemIds.ToExternal(a.Items[r]), back.ItemIds.ToExternal(b.Items[r]));
            Assert.Equal(a.Values[r], b.Values[r]);
            Assert.Equal(a.Timestamps[r], b.Timestamps[r]);
            Assert.Equal(a.Kinds[r], b.Kinds[r]);
        }
    }

    [Fact]
    public void Load_MappedColumns_TimestampTypeAndMissingColumn()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "r.parquet");
        Sql.Execute($"COPY (SELECT * FROM (VALUES ('u1', 10, 4.5, TIMESTAMP '2020-01-01 00:00:10'), ('u2', 11, 3.0, TIMESTAMP '2020-01-02 00:00:00')) t(uid, mid, stars, seen)) TO '{path}' (FORMAT PARQUET)");
        var data = DataSpec.Load($"parquet:{path}?user=uid&item=mid&value=stars&time=seen");
        Assert.Equal(["10", "11"], data.ItemIds.Ids);
        Assert.Equal(4.5f, data.Interactions.Values[0]);
        Assert.Equal(1577836810L, data.Interactions.Timestamps[0]);
        Assert.Equal(EventKind.Rating, data.Interactions.Kinds[1]);
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"parquet:{path}?user=nope&item=mid"));
        Assert.Contains("uid,mid,stars,seen", e.Message, StringComparison.Ordinal);
    }
}
