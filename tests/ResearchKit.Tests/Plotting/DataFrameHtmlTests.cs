using Microsoft.Data.Analysis;
using ResearchKit.Plotting;

namespace ResearchKit.Tests.Plotting;

public class DataFrameHtmlTests
{
    [Fact]
    public void ToHtml_FirstRowsWithTypesShapeAndEncodedText()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("user", new[] { "<a>", "b", "c" }),
            new Int64DataFrameColumn("timestamp", new long[] { 1_600_000_000, 2, 3 }));
        var html = frame.ToHtml(maxRows: 2).ToHtml();
        Assert.Contains("3 rows × 2 columns (first 2)", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("timestamp (Int64)", html, StringComparison.Ordinal);
        Assert.Contains(">1600000000<", html, StringComparison.Ordinal);
        Assert.Contains("&lt;a&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain(">c<", html, StringComparison.Ordinal);
    }
}
