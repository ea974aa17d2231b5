using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using ResearchKit.Plotting;

namespace ResearchKit.Tests.Plotting;

public sealed class FigureTests
{
    [Fact]
    public void ToJsonObject_LineWithErrorBarsAndTitles_HasPlotlyShape()
    {
        var json = new Figure("t").Line([1.0, 2], [0.5, double.NaN], "m", yError: [0.1, 0.2]).WithXAxis("k").WithYAxis("ndcg", log: true).ToJsonObject();
        var trace = json["data"]![0]!;
        Assert.Equal("scatter", trace["type"]!.GetValue<string>());
        Assert.Equal("lines", trace["mode"]!.GetValue<string>());
        Assert.Null(trace["y"]![1]); // NaN becomes a gap
        Assert.Equal(0.2, trace["error_y"]!["array"]![1]!.GetValue<double>());
        Assert.Equal("t", json["layout"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("k", json["layout"]!["xaxis"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal("log", json["layout"]!["yaxis"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public void Subplots_SecondCell_UsesSecondAxes()
    {
        var json = new Figure().WithGrid(2, 2).Bar(["a"], [1.0], row: 2, column: 1).WithYAxis("y3", row: 2, column: 1).WithBarMode(BarMode.Stack).ToJsonObject();
        Assert.Equal("x3", json["data"]![0]!["xaxis"]!.GetValue<string>());
        Assert.Equal("y3", json["layout"]!["yaxis3"]!["title"]!["text"]!.GetValue<string>());
        Assert.Equal(2, json["layout"]!["grid"]!["rows"]!.GetValue<int>());
        Assert.Equal("stack", json["layout"]!["barmode"]!.GetValue<string>());
    }

    [Fact]
    public void Bar_AsymmetricInterval_WritesPlusAndMinus()
    {
        var figure = Charts.ModelComparison("ndcg@10", [new ModelScore("als", 0.30, 0.28, 0.33), new ModelScore("pop", 0.10)]);
        var error = figure.ToJsonObject()["data"]![0]!["error_y"]!;
        Assert.Equal(0.03, error["array"]![0]!.GetValue<double>(), 12);
        Assert.Equal(0.02, error["arrayminus"]![0]!.GetValue<double>(), 12);
        Assert.Equal(0.0, error["arrayminus"]![1]!.GetValue<double>());
    }

    [Fact]
    public void Methods_BadInput_ThrowNamingTheProblem()
    {
        Assert.Contains("x has 2 values but y has 1", Assert.Throws<ArgumentException>(() => new Figure().Line([1.0, 2], [1.0])).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Figure().Line([1.0], [1.0], row: 2));
    }

    [Fact]
    public void WriteTo_Fragment_EmbedsEscapedJsonAndDrawsIntoItsDiv()
    {
        using var writer = new StringWriter();
        new Figure("a</script>b").Line([1.0], [2.0]).WriteTo(writer, HtmlEncoder.Default);
        var html = writer.ToString();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script>"));
        var id = System.Text.RegularExpressions.Regex.Match(html, "id=\"(rk-plot-[^\"]+)\"").Groups[1].Value;
        Assert.Contains($"document.getElementById('{id}')", html, StringComparison.Ordinal);
        Assert.Contains(PlotlyHtml.CdnUrl, html, StringComparison.Ordinal);
    }

    [Fact]
    public void AddTrace_Raw_IsCopied()
    {
        var raw = new JsonObject { ["type"] = "pie", ["values"] = new JsonArray(1, 2) };
        var figure = new Figure().AddTrace(raw);
        raw["type"] = "changed";
        Assert.Equal("pie", figure.ToJsonObject()["data"]![0]!["type"]!.GetValue<string>());
    }
}

public sealed class FigureBoxTests
{
    [Fact]
    public void Box_PrecomputesQuartilesAndFences()
    {
        // 1..9 and an outlier 100: q1 = 3.25, median = 5.5, q3 = 7.75 (linear interpolation); IQR 4.5 → upper fence ≤ 14.5 → 9.
        var trace = new Figure().Box([1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100], "b").ToJsonObject()["data"]![0]!;
        Assert.Equal(3.25, trace["q1"]![0]!.GetValue<double>(), 12);
        Assert.Equal(5.5, trace["median"]![0]!.GetValue<double>(), 12);
        Assert.Equal(7.75, trace["q3"]![0]!.GetValue<double>(), 12);
        Assert.Equal(1.0, trace["lowerfence"]![0]!.GetValue<double>());
        Assert.Equal(9.0, trace["upperfence"]![0]!.GetValue<double>());
        Assert.Null(trace["y"]);
    }
}
