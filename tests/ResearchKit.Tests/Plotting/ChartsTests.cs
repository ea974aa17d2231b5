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
    public void TrainingCurves_SkipNaNLossesGroupByModel()
    {
        var figure = Charts.TrainingCurves([new FitProgress("bpr", 1, 2, 0.9), new FitProgress("bpr", 2, 2, 0.5), new FitProgress("pop", 1, 1)]);
        Assert.Equal(1, figure.TraceCount);
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
