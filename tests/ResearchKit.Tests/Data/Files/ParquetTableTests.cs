using ResearchKit.Data.DuckDb;
using ResearchKit.Data.Files;
using ResearchKit.Tests.Data.Loaders;

namespace ResearchKit.Tests.Data.Files;

public class ParquetTableTests
{
    [Fact]
    public void Write_EveryColumnKind_RoundTripsTypesAndNulls()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "t.parquet");
        ParquetTable.Write(path, 3,
        [
            ParquetColumn.Int32("i", new[] { 1, 2, 3 }),
            ParquetColumn.Int64("l", new[] { 10L, 20L, 30L }),
            ParquetColumn.Double("d", r => r == 1 ? double.NaN : r + 0.5),
            ParquetColumn.Float("f", new[] { 1f, float.NaN, 3f }, nanAsNull: true),
            ParquetColumn.Text("s", r => r == 2 ? null : "s" + r),
        ]);
        var t = Sql.Query($"SELECT * FROM read_parquet('{path}')");
        Assert.Equal(["INTEGER", "BIGINT", "DOUBLE", "FLOAT", "VARCHAR"], t.Columns.Select(c => c.TypeName));
        Assert.Equal([1L, 2L, 3L], t["i"].Int64!);
        Assert.True(t["d"].IsNull[1]);
        Assert.Equal(2.5, t["d"].GetDouble(2));
        Assert.True(t["f"].IsNull[1]);
        Assert.True(t["s"].IsNull[2]);
        Assert.Equal("s1", t["s"].GetString(1));
    }

    [Fact]
    public void Write_ZeroRows_WritesSchemaOnly()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "empty.parquet");
        ParquetTable.Write(path, 0, [ParquetColumn.Int64("l", Array.Empty<long>())]);
        var t = Sql.Query($"SELECT * FROM read_parquet('{path}')");
        Assert.Equal(0, t.RowCount);
        Assert.Equal("l", t.Columns[0].Name);
    }

    [Fact]
    public void Write_FailingColumn_LeavesTheOldFileAndNoTemporary()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "keep.parquet");
        ParquetTable.Write(path, 1, [ParquetColumn.Int32("x", new[] { 7 })]);
        Assert.Throws<InvalidOperationException>(() => ParquetTable.Write(path, 2,
            [ParquetColumn.Int32("x", r => r == 1 ? throw new InvalidOperationException("boom") : r)]));
        Assert.Equal([7L], Sql.Query($"SELECT x FROM read_parquet('{path}')")["x"].Int64!);
        Assert.Single(Directory.GetFiles(dir.Root));
    }
}
