using ResearchKit.Evaluation;
using ResearchKit.Experiments;
using ResearchKit.Reports;

namespace ResearchKit.Tests.Evaluation;

public sealed class MetricDirectionTests
{
    [Theory]
    [InlineData("arp@10", MetricDirection.LowerIsBetter)]
    [InlineData("gini@5", MetricDirection.LowerIsBetter)]
    [InlineData("rmse", MetricDirection.LowerIsBetter)]
    [InlineData("mae", MetricDirection.LowerIsBetter)]
    [InlineData("fit s", MetricDirection.LowerIsBetter)]
    [InlineData("recommend_seconds", MetricDirection.LowerIsBetter)]
    [InlineData("ndcg@10", MetricDirection.HigherIsBetter)]
    [InlineData("map", MetricDirection.HigherIsBetter)]
    [InlineData("coverage@10", MetricDirection.HigherIsBetter)]
    [InlineData("novelty@10", MetricDirection.HigherIsBetter)]
    [InlineData("diversity@20", MetricDirection.HigherIsBetter)]
    [InlineData("my_custom_metric", MetricDirection.HigherIsBetter)]
    public void Of_KnownMetrics_GiveTheirDirection(string metric, MetricDirection expected) =>
        Assert.Equal(expected, MetricDirections.Of(metric));

    [Fact]
    public void Best_LowerAndHigherMetrics_PickMinimumOrMaximumIgnoringNaN()
    {
        double[] values = [48.6, double.NaN, 40.8, 52.1];
        Assert.Equal(40.8, MetricDirections.Best("arp@10", values));
        Assert.Equal(52.1, MetricDirections.Best("ndcg@10", values));
        Assert.True(double.IsNaN(MetricDirections.Best("gini@10", [double.NaN])));
    }

    private static ExperimentResult TwoModels() => new(new DatasetInfo("d", 10, 5, 40, 10), 10, 42,
    [
        new ModelResult("a", new Dictionary<string, string>(), 1.0, 0.55,
            new Dictionary<string, double> { ["ndcg@10"] = 0.3, ["arp@10"] = 50, ["gini@10"] = 0.9 }),
        new ModelResult("b", new Dictionary<string, string>(), 0.2, 0.75,
            new Dictionary<string, double> { ["ndcg@10"] = 0.2, ["arp@10"] = 20, ["gini@10"] = 0.4 }),
    ]);

    [Fact]
    public void ResultsTable_LowerIsBetterColumns_BoldTheMinimum()
    {
        var html = TwoModels().ToHtml().ToHtmlString();
        Assert.Contains("<b>0.3000</b>", html, StringComparison.Ordinal);     // ndcg: a (higher)
        Assert.DoesNotContain("<b>0.2000</b>", html, StringComparison.Ordinal);
        Assert.Contains("<b>20.0000</b>", html, StringComparison.Ordinal);    // arp: b (lower)
        Assert.DoesNotContain("<b>50.0000</b>", html, StringComparison.Ordinal);
        Assert.Contains("<b>0.4000</b>", html, StringComparison.Ordinal);     // gini: b (lower)
        Assert.Contains("<b>0.20</b>", html, StringComparison.Ordinal);       // fit s: b (faster)
        Assert.Contains("<b>0.55</b>", html, StringComparison.Ordinal);       // recommend s: a (faster)
        Assert.DoesNotContain("<b>1.00</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ResultsTable_Legend_NamesTheLowerIsBetterColumns()
    {
        var table = TwoModels().ToHtml();
        Assert.Equal("Bold: the best value in each column: the lowest for arp@10, gini@10, fit s, recommend s; the highest otherwise.", table.Legend);
        Assert.Contains(table.Legend, table.ToHtmlString(), StringComparison.Ordinal);
    }

    [Fact]
    public void HtmlReport_Build_HasLegendBeyondAccuracyChartAndSegmentCountsExplained()
    {
        var result = ResearchKit.Tests.Experiments.ExperimentTests.Run();
        var html = HtmlReport.Build(result, bootstrapResamples: 50);
        Assert.Contains("<p style=\"font-size:13px\">Bold: the best value in each column: the lowest for arp@10, gini@10", html, StringComparison.Ordinal);
        Assert.Contains("Beyond accuracy @10", html, StringComparison.Ordinal);
        foreach (var subplot in new[] { "novelty@10 (higher is better)", "coverage@10 (higher is better)", "gini@10 (lower is better)", "arp@10 (lower is better)" })
            Assert.Contains(subplot, html, StringComparison.Ordinal);
        Assert.Contains("the number of test users it counts", html, StringComparison.Ordinal);
        Assert.Contains("(test users)</th>", html, StringComparison.Ordinal);
    }
}
