using ResearchKit.Data;
using ResearchKit.Data.DuckDb;
using ResearchKit.Data.Files;
using ResearchKit.Data.Splitting;
using ResearchKit.Data.Synthetic;
using ResearchKit.Tests.Data.Loaders;

namespace ResearchKit.Tests.Data.DuckDb;

public class SqlPreparationTests
{
    private static (string User, string Item, float Value, long Time, EventKind Kind)[] Rows(Dataset d)
    {
        var log = d.Interactions;
        return [.. Enumerable.Range(0, log.Count)
            .Select(r => (d.UserIds.ToExternal(log.Users[r]), d.ItemIds.ToExternal(log.Items[r]), log.Values[r], log.Timestamps[r], log.Kinds[r]))
            .Order()];
    }

    [Theory]
    [InlineData(3, 3)]
    [InlineData(5, 2)]
    public void Load_KCore_SameRowsAsInMemoryKCore(int minPerUser, int minPerItem)
    {
        using var dir = new TempDir();
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 300, Items = 150, Seed = 9 }).Dataset;
        var path = Path.Combine(dir.Root, "shop.parquet");
        ParquetIO.Write(shop, path);
        var expected = KCore.Filter(ParquetIO.Load(path), minPerUser, minPerItem);
        var got = SqlPreparation.Load($"SELECT * FROM read_parquet('{path}')", new SqlPreparationOptions { MinPerUser = minPerUser, MinPerItem = minPerItem });
        Assert.True(expected.Interactions.Count < shop.Interactions.Count);
        Assert.Equal(Rows(expected), Rows(got));
        Assert.Equal(expected.UserIds.Ids.Order(StringComparer.Ordinal), got.UserIds.Ids);
        Assert.Equal(expected.ItemCount, got.ItemCount);
    }

    [Fact]
    public void Load_WhereFilter_RunsBeforeTheKCore()
    {
        using var dir = new TempDir();
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 200, Items = 100, Seed = 3 }).Dataset;
        var path = Path.Combine(dir.Root, "shop.parquet");
        ParquetIO.Write(shop, path);
        var all = ParquetIO.Load(path);
        var keep = new bool[all.Interactions.Count];
        for (var r = 0; r < keep.Length; r++) keep[r] = all.Interactions.Kinds[r] != EventKind.View;
        var expected = KCore.Filter(all.WithInteractions(all.Interactions.Where(keep)), 2, 2);
        var got = SqlPreparation.Load($"SELECT * FROM '{path}'", new SqlPreparationOptions { Where = "kind <> 'view'", MinPerUser = 2, MinPerItem = 2, MemoryLimit = "256MB" });
        Assert.Equal(Rows(expected), Rows(got));
    }

    [Fact]
    public void Load_DenseIdsInTextOrder_RowsByUserThenTime()
    {
        var got = SqlPreparation.Load("SELECT * FROM (VALUES ('b', 'x', 20), ('a', 'y', 5), ('b', 'w', 10), (NULL, 'x', 1)) t(\"user\", item, time)");
        Assert.Equal(["a", "b"], got.UserIds.Ids);
        Assert.Equal(["w", "x", "y"], got.ItemIds.Ids);
        Assert.Equal([0, 1, 1], got.Interactions.Users.ToArray());
        Assert.Equal([5L, 10L, 20L], got.Interactions.Timestamps.ToArray());
        Assert.Equal(1, got.Report!.Dropped["missing user or item id"]);
        Assert.Throws<ArgumentException>(() => SqlPreparation.Load("SELECT 1 AS \"user\", 1 AS item", new SqlPreparationOptions { MemoryLimit = "lots" }));
    }
}
