using ResearchKit.Data.DuckDb;
using ResearchKit.Tests.Data.Loaders;


namespace ResearchKit.Tests.Experiments;

public class ExperimentExportTests
{
    [Fact]
    public void WriteRecommendations_Parquet_SameRowsAsCsv()
    {
        var result = ExperimentTests.Run();
        using var dir = new TempDir();
        var csv = result.WriteRecommendations(dir.Root, "csv");
        var parquet = result.WriteRecommendations(dir.Root, "parquet");
        Assert.Equal(["pop.parquet", "fixed.parquet"], parquet.Select(Path.GetFileName));
        var t = Sql.Query($"SELECT * FROM read_parquet('{parquet[0]}')");
        Assert.Equal(["VARCHAR", "VARCHAR", "INTEGER", "FLOAT"], t.Columns.Select(c => c.TypeName));
        var lines = File.ReadAllLines(csv[0]).Skip(1).ToArray();
        Assert.Equal(lines.Length, t.RowCount);
        for (var r = 0; r < t.RowCount; r++)
        {
            var f = lines[r].Split(',');
            Assert.Equal(f[0], t["user"].GetString(r));
            Assert.Equal(f[1], t["item"].GetString(r));
            Assert.Equal(long.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture), t["rank"].Int64![r]);
            Assert.Equal(float.Parse(f[3], System.Globalization.CultureInfo.InvariantCulture), (float)t["score"].GetDouble(r));
        }
        Assert.Throws<ArgumentException>(() => result.WriteRecommendations(dir.Root, "xlsx"));
    }

    [Fact]
    public void WriteParquet_OneRowPerModelWithEveryMetric()
    {
        var result = ExperimentTests.Run();
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "results.parquet");
        result.WriteParquet(path);
        var t = Sql.Query($"SELECT * FROM read_parquet('{path}')");
        Assert.Equal(new string?[] { "pop", "fixed" }, t["model"].String);
        Assert.Equal(3 + result.MetricNames.Count, t.Columns.Count);
        Assert.Equal(result.Models[1].Metrics["ndcg@10"], t["ndcg@10"].GetDouble(1), 15);
    }

    [Fact]
    public void ToDataFrame_ResultsAndRecommendationLists_TypedColumns()
    {
        var result = ExperimentTests.Run();
        var frame = result.ToDataFrame();
        Assert.Equal(["model", "fit_seconds", "recommend_seconds"], frame.Columns.Take(3).Select(c => c.Name));
        Assert.Equal("fixed", frame.Columns["model"][1]);
        Assert.Equal(result.Models[0].Metrics["map"], (double)frame.Columns["map"][0]!, 15);
        var report = result.Models[0].Report!;
        var recs = report.Recommendations.ToDataFrame(result.UserIds!, result.ItemIds!);
        Assert.Equal([typeof(string), typeof(string), typeof(int), typeof(float)], recs.Columns.Select(c => c.DataType));
        Assert.Equal(1, recs.Columns["rank"][0]);
        Assert.Equal(result.UserIds!.ToExternal(report.Recommendations.Users[0]), recs.Columns["user"][0]);
        Assert.Equal(result.ItemIds!.ToExternal(report.Recommendations.Items(0)[0]), recs.Columns["item"][0]);
    }
}
