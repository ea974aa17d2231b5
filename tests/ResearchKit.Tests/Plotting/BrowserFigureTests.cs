using System.Text.RegularExpressions;
using ResearchKit.Plotting;
using ResearchKit.Tests.Shared;

namespace ResearchKit.Tests.Plotting;

/// <summary>
/// Opens saved figures in a real headless browser (Debian's chromium) and checks that plotly drew them.
/// In CI (CI=true) a missing chromium is a failure, not a skip; elsewhere the test passes vacuously with a note.
/// </summary>
public sealed partial class BrowserFigureTests
{
    [Fact]
    public void SaveHtml_OpenedInHeadlessChromium_DrawsEveryTrace()
    {
        if (!BrowserAvailable()) return;
        using var folder = new TempFolder("rk-plot-");
        var dir = folder.Path;
        var page = Path.Combine(dir, "figure.html");
        new Figure("browser test").WithGrid(1, 2)
            .Line([1.0, 2, 3], [0.1, 0.3, 0.2], "model a", markers: true)
            .Line([1.0, 2, 3], [0.2, 0.25, 0.4], "model b")
            .Bar(["als", "bpr"], [0.3, 0.2], "ndcg", errorPlus: [0.01, 0.02], row: 1, column: 2)
            .SaveHtml(page);
        var dom = HeadlessChromium.DumpDom(page, virtualTimeMs: 5_000, timeoutMs: 60_000);
        Assert.Contains("class=\"main-svg\"", dom, StringComparison.Ordinal);
        Assert.Equal(2, ScatterTraces().Matches(dom).Count);
        Assert.Single(BarTraces().Matches(dom));
        Assert.Contains("browser test", dom, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveHtml_PlotlyBeside_DrawsOffline()
    {
        if (!BrowserAvailable()) return;
        using var folder = new TempFolder("rk-plot-");
        var dir = folder.Path;
        var page = Path.Combine(dir, "beside.html");
        new Figure().Box([1.0, 2, 3, 10], "a").Box([2.0, 3, 4], "b").Histogram([1.0, 1, 2, 3], "h").SaveHtml(page, PlotlyEmbedding.Beside);
        Assert.True(File.Exists(Path.Combine(dir, "plotly.min.js")));
        var dom = HeadlessChromium.DumpDom(page, virtualTimeMs: 5_000, timeoutMs: 60_000);
        Assert.Equal(2, BoxTraces().Matches(dom).Count);
        Assert.Single(BarTraces().Matches(dom)); // plotly draws histograms as bars
    }

    [Fact]
    public void HtmlReport_OpenedInHeadlessChromium_DrawsTheBeyondAccuracySubplots()
    {
        if (!BrowserAvailable()) return;
        using var folder = new TempFolder("rk-plot-");
        var dir = folder.Path;
        var page = Path.Combine(dir, "report.html");
        ResearchKit.Reports.HtmlReport.Save(ResearchKit.Tests.Experiments.ExperimentTests.Run(), page);
        var dom = HeadlessChromium.DumpDom(page, virtualTimeMs: 5_000, timeoutMs: 60_000);
        // ndcg@10 and recall@10 charts (one bar trace each), then one per beyond-accuracy metric.
        Assert.Equal(2 + 6, BarTraces().Matches(dom).Count);
        Assert.Contains("gini@10 (lower is better)", dom, StringComparison.Ordinal);
        Assert.Contains("novelty@10 (higher is better)", dom, StringComparison.Ordinal);
    }

    // Chromium and plotly.js (node_modules, installed by ./kit) must both be there; in CI their absence fails the test.
    private static bool BrowserAvailable() => HeadlessChromium.Available() && HeadlessChromium.PlotlyJs() is not null;

    [GeneratedRegex("<g class=\"trace scatter")]
    private static partial Regex ScatterTraces();

    [GeneratedRegex("<g class=\"trace bars\"")]
    private static partial Regex BarTraces();

    [GeneratedRegex("<g class=\"trace boxes\"")]
    private static partial Regex BoxTraces();
}
