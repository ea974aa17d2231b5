using ResearchKit.Data;
using ResearchKit.Data.Loaders;
using ResearchKit.Tests.Data.Loaders;

namespace ResearchKit.Tests.Data.DuckDb;

public class SqlLoaderTests
{
    [Fact]
    public void Load_CsvQuery_MapsRenamedColumnsIdsAsText()
    {
        using var dir = new TempDir();
        var csv = dir.Write("r.csv", "uid,mid,stars,ts\n007,10,4.5,1600000000\n8,11,3,1600000000000\n007,11,2,1600000100\n");
        var data = DataSpec.Load($"sql:SELECT uid AS \"user\", mid AS item, stars AS value, ts AS time FROM read_csv('{csv}', types = {{'uid': 'VARCHAR'}})");
        Assert.Equal(["007", "8"], data.UserIds.Ids);
        Assert.Equal(["10", "11"], data.ItemIds.Ids);
        Assert.Equal([4.5f, 3f, 2f], data.Interactions.Values.ToArray());
        Assert.Equal([1_600_000_000L, 1_600_000_000L, 1_600_000_100L], data.Interactions.Timestamps.ToArray());
        Assert.All(data.Interactions.Kinds.ToArray(), k => Assert.Equal(EventKind.Rating, k));
    }

    [Fact]
    public void Load_JsonLinesWithTimestampsAndKinds_ConvertsBoth()
    {
        using var dir = new TempDir();
        var json = dir.Write("e.jsonl", "{\"u\":\"a\",\"i\":1,\"when\":\"2020-01-01 00:00:10\",\"kind\":\"purchase\"}\n{\"u\":\"b\",\"i\":2,\"when\":\"2020-01-02 00:00:00\",\"kind\":\"view\"}\n");
        var data = DataSpec.Load($"sql:SELECT u AS \"user\", i AS item, CAST(\"when\" AS TIMESTAMP) AS timestamp, kind FROM read_json('{json}');");
        Assert.Equal([1_577_836_810L, 1_577_923_200L], data.Interactions.Timestamps.ToArray());
        Assert.Equal([EventKind.Purchase, EventKind.View], data.Interactions.Kinds.ToArray());
        Assert.Equal([1f, 1f], data.Interactions.Values.ToArray());
    }

    [Fact]
    public void Load_NoItemColumn_ErrorSaysWhatIsRequiredAndWhatTheQueryHas()
    {
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load("sql:SELECT 1 AS \"user\", 2 AS product"));
        Assert.Equal("item", e.Column);
        Assert.Contains("user and item", e.Message, StringComparison.Ordinal);
        Assert.Contains("user,product", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NullUser_IsABadRowWithItsNumber()
    {
        const string query = "sql:SELECT * FROM (VALUES ('a', 'x'), (NULL, 'y'), ('c', 'z')) t(\"user\", item)";
        var e = Assert.Throws<CsvFormatException>(() => DataSpec.Load(query));
        Assert.Equal(2, e.Line);
        Assert.Equal("user", e.Column);
        var skipped = DataSpec.Load(query, new DataLoadOptions { SkipBadRows = true });
        Assert.Equal(2, skipped.Interactions.Count);
    }

    [Fact]
    public void Parse_Sql_KeepsQuestionMarksAndAmpersandsInTheQuery()
    {
        var spec = DataSpec.Parse("sql: SELECT 'a?b&c=d' AS \"user\", 1 AS item ");
        Assert.Equal("sql", spec.Kind);
        Assert.Equal("SELECT 'a?b&c=d' AS \"user\", 1 AS item", spec.Path);
        Assert.Empty(spec.Parameters);
        Assert.Equal(["a?b&c=d"], spec.Load().UserIds.Ids);
        Assert.Throws<FormatException>(() => DataSpec.Parse("sql:  "));
    }
}
