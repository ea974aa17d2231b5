using ResearchKit.Data;
using ResearchKit.Data.DuckDb;
using ResearchKit.Data.Files;
using ResearchKit.Data.Loaders;
using ResearchKit.Data.Synthetic;
using ResearchKit.Tests.Data.Loaders;

namespace ResearchKit.Tests.Data.Files;

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
        Assert.Empty(Directory.GetFiles(dir.Root, "*.tmp"));
    }

    [Fact]
    public void Write_TypesAreTextFloatInt64Text_ReadableByDuckDb()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "t.parquet");
        ParquetIO.Write(Tiny(), path);
        var t = Sql.Query($"SELECT * FROM read_parquet('{path}')");
        Assert.Equal(["user", "item", "value", "timestamp", "kind"], t.Columns.Select(c => c.Name));
        Assert.Equal(["VARCHAR", "VARCHAR", "FLOAT", "BIGINT", "VARCHAR"], t.Columns.Select(c => c.TypeName));
        Assert.Equal(new string?[] { "007", "u 2" }, t["user"].String);
        Assert.Equal(new string?[] { "rating", "purchase" }, t["kind"].String);
        Assert.Equal([1_600_000_000L, 0L], t["timestamp"].Int64!);
    }

    [Fact]
    public void Load_IntegerIdsDecimalValuesTimestamps_IdsBecomeInvariantText()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "r.parquet");
        Sql.Execute($"COPY (SELECT * FROM (VALUES ('u1', 10, 4.5::DECIMAL(3,1), TIMESTAMP '2020-01-01 00:00:10'), ('u2', 11, 3.0, TIMESTAMP '2020-01-02 00:00:00')) t(uid, mid, stars, seen)) TO '{path}' (FORMAT PARQUET)");
        var data = DataSpec.Load($"parquet:{path}?user=uid&item=mid&value=stars&time=seen");
        Assert.Equal(["10", "11"], data.ItemIds.Ids);
        Assert.Equal(4.5f, data.Interactions.Values[0]);
        Assert.Equal(1577836810L, data.Interactions.Timestamps[0]);
        Assert.Equal(EventKind.Rating, data.Interactions.Kinds[1]);
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load($"parquet:{path}?user=nope&item=mid"));
        Assert.Contains("uid,mid,stars,seen", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NullIdOrValue_IsABadRowNamingTheColumn()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "n.parquet");
        ParquetTable.Write(path, 3,
        [
            ParquetColumn.Text("user", r => r == 1 ? null : "u" + r),
            ParquetColumn.Text("item", r => "i"),
            ParquetColumn.Float("value", r => r == 2 ? float.NaN : 1f),
        ]);
        var e = Assert.Throws<CsvFormatException>(() => ParquetIO.Load(path, new CsvColumns { Value = "value" }));
        Assert.Equal("user", e.Column);
        Assert.Equal(2, e.Line);
        var skipped = ParquetIO.Load(path, new CsvColumns { Value = "value" }, new DataLoadOptions { SkipBadRows = true });
        Assert.Equal(1, skipped.Interactions.Count);
        Assert.Equal(2, skipped.Report!.BadRowsSkipped);
        Assert.Equal(["u0"], skipped.UserIds.Ids);
    }

    [Fact]
    public void Load_Glob_ReadsEveryFileInNameOrder()
    {
        using var dir = new TempDir();
        ParquetIO.Write(Tiny(), Path.Combine(dir.Root, "b.parquet"));
        ParquetTable.Write(Path.Combine(dir.Root, "a.parquet"), 1, [ParquetColumn.Text("user", _ => "first"), ParquetColumn.Text("item", _ => "x")]);
        var data = ParquetIO.Load(Path.Combine(dir.Root, "*.parquet"), new CsvColumns());
        Assert.Equal(["first", "007", "u 2"], data.UserIds.Ids);
        Assert.Throws<FileNotFoundException>(() => ParquetIO.Load(Path.Combine(dir.Root, "*.nope")));
    }

    private static Dataset Tiny()
    {
        var users = new IdMap(["007", "u 2"]); var items = new IdMap(["42", "x"]);
        var b = new InteractionsBuilder();
        b.Add(0, 0, 4.5f, 1_600_000_000, EventKind.Rating);
        b.Add(1, 1, 1f, 0, EventKind.Purchase);
        return new Dataset("tiny", b.Build(), users, items);
    }
}
