using ResearchKit.Data.DuckDb;
using ResearchKit.Tests.Data.Loaders;

namespace ResearchKit.Tests.Data.DuckDb;

public class SqlTests
{
    [Fact]
    public void Query_OverCsv_ReturnsNamedTypedColumns()
    {
        using var dir = new TempDir();
        var csv = dir.Write("e.csv", "user,item,price,note\nu1,a,2.5,x\nu2,a,3.5,a much longer text than twelve bytes\nu1,b,1,\n");
        var t = Sql.Query($"SELECT item, count(*) AS n, sum(price) AS revenue, max(note) AS note FROM read_csv('{csv}') GROUP BY item ORDER BY item");
        Assert.Equal(2, t.RowCount);
        Assert.Equal(new string?[] { "a", "b" }, t["item"].String!);
        Assert.Equal([2L, 1L], t["n"].Int64!);
        Assert.Equal([6.0, 1.0], t["revenue"].Double!);
        Assert.Equal("x", t["note"].GetString(0));
        Assert.True(t["note"].IsNull[1]);
        Assert.Throws<KeyNotFoundException>(() => t["nope"]);
    }

    [Fact]
    public void Query_LongStringsAndManyRows_CrossChunks()
    {
        var t = Sql.Query("SELECT i, 'item-number-' || i::VARCHAR AS name FROM range(5000) r(i)");
        Assert.Equal(5000, t.RowCount);
        Assert.Equal("item-number-4321", t["name"].String![4321]);
        Assert.Equal(4999L, t["i"].Int64![4999]);
    }

    [Fact]
    public void Query_BadSql_RaisesDuckDbErrorWithStatement()
    {
        var e = Assert.Throws<SqlQueryException>(() => Sql.Query("SELEC 1"));
        Assert.Contains("SELEC 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvToParquet_ConvertsRecommendationFiles()
    {
        using var dir = new TempDir();
        var csv = dir.Write("pop.csv", "user,item,rank,score\n1,50,1,0.9\n1,7,2,0.5\n");
        var parquet = Path.Combine(dir.Root, "pop.parquet");
        Sql.CsvToParquet(csv, parquet);
        var t = Sql.Query($"SELECT * FROM read_parquet('{parquet}') ORDER BY \"rank\"");
        Assert.Equal([50L, 7L], t["item"].Int64!);
    }
}
