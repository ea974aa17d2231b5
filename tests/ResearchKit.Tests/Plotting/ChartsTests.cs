using ResearchKit.Data;
using ResearchKit.Models;
using ResearchKit.Plotting;

namespace ResearchKit.Tests.Plotting;

public sealed class ChartsTests
{
    private static Dataset Data()
    {
        // item 0: 3 users, item 1: 1 user, item 2: none.
        var b = new InteractionsBuilder();
        b.Add(0, 0, 1, 0, EventKind.View); b.Add(1, 0, 1, 0, EventKind.View); b.Add(2, 0, 1, 0, EventKind.View); b.Add(0, 1, 1, 0, EventKind.View);
        return new Dataset("toy", b.Build(), new IdMap(["a", "b", "c"]), new IdMap(["x", "y", "z"]));
    }

    [Fact]
    public void LongTail_SortedCountsAndCumulativeShare()
    {
        var json = Charts.LongTail(Data()).ToJsonObject();
        Assert.Equal([3.0, 1.0], json["data"]![0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal([0.75, 1.0], json["data"]![1]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Contains("top 20% of items get 75", json["layout"]!["title"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void MetricVsK_OneSortedLinePerModel()
    {
        var figure = Charts.MetricVsK("ndcg", [new("als", [(10, 0.3), (5, 0.2)]), new("pop", [(5, 0.1), (10, 0.15)])]);
        Assert.Equal(2, figure.TraceCount);
        Assert.Equal([5.0, 10.0], figure.ToJsonObject()["data"]![0]!["x"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public void MetricVsK_TwoMetrics_OneSubplotEachSameColourOneLegendEntry()
    {
        IReadOnlyList<(int K, double Value)> a = [(5, 0.1), (10, 0.2)];
        var figure = Charts.MetricVsK([
            KeyValuePair.Create("ndcg", (IEnumerable<KeyValuePair<string, IReadOnlyList<(int K, double Value)>>>)[new("als", a), new("pop", a)]),
            KeyValuePair.Create("recall", (IEnumerable<KeyValuePair<string, IReadOnlyList<(int K, double Value)>>>)[new("als", a), new("pop", a)]),
        ]);
        var data = figure.ToJsonObject()["data"]!.AsArray();
        Assert.Equal(4, data.Count);
        Assert.Equal("x2", data[2]!["xaxis"]!.GetValue<string>());
        Assert.Equal(data[0]!["line"]!["color"]!.GetValue<string>(), data[2]!["line"]!["color"]!.GetValue<string>());
        Assert.NotEqual(data[0]!["line"]!["color"]!.GetValue<string>(), data[1]!["line"]!["color"]!.GetValue<string>());
        Assert.False(data[2]!["showlegend"]!.GetValue<bool>());
        Assert.Null(data[0]!["showlegend"]);
    }

    [Fact]
    public void TrainingCurves_SkipNaNLossesGroupByModel()
    {
        var log = new ResearchKit.Notebooks.ProgressLog<FitProgress>();
        foreach (var p in new[] { new FitProgress("bpr", 1, 2, 0.9), new FitProgress("pop", 1, 1), new FitProgress("bpr", 2, 2, 0.5), new FitProgress("als", 1, 1, 100) })
            log.Report(p);
        var figure = Charts.TrainingCurves(log.Items);
        Assert.Equal(2, figure.TraceCount); // pop reports no loss
        var data = figure.ToJsonObject()["data"]!;
        Assert.Equal([0.9, 0.5], data[0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        Assert.Equal("x2", data[1]!["xaxis"]!.GetValue<string>()); // als in its own subplot
    }

    [Fact]
    public void RecommendedPopularity_BoxPerModelPlusCatalogue()
    {
        var figure = Charts.RecommendedPopularity(Data(), [new("pop", [new Recommendations([0, 1], [2f, 1f])])]);
        var data = figure.ToJsonObject()["data"]!;
        Assert.Equal("catalogue", data[0]!["name"]!.GetValue<string>());
        Assert.Equal(2.0, data[1]!["median"]![0]!.GetValue<double>()); // recommended items have popularity 3 and 1
    }
}
