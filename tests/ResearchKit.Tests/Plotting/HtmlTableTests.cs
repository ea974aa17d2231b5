using ResearchKit.Data;
using ResearchKit.Models;
using ResearchKit.Plotting;

namespace ResearchKit.Tests.Plotting;

public sealed class HtmlTableTests
{
    [Fact]
    public void Metrics_BestPerColumnBold_LowerIsBetterForRmse()
    {
        var table = HtmlTable.Metrics([
            new("pop", new Dictionary<string, double> { ["ndcg@10"] = 0.1, ["rmse"] = 1.5 }),
            new("als", new Dictionary<string, double> { ["ndcg@10"] = 0.3, ["rmse"] = 2.0 }),
        ]);
        var html = table.ToHtml();
        Assert.Contains("font-weight:bold;\">0.3000<", html, StringComparison.Ordinal);
        Assert.Contains("font-weight:bold;\">1.5000<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("font-weight:bold;\">0.1000<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ToHtml_EncodesText()
    {
        var html = new HtmlTable(["a<b"]).AddRow("<script>").ToHtml();
        Assert.Contains("a&lt;b", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRow_WrongWidth_Throws() =>
        Assert.Contains("2 cells but the table has 1 columns", Assert.Throws<ArgumentException>(() => new HtmlTable(["a"]).AddRow(1, 2)).Message, StringComparison.Ordinal);

    [Fact]
    public void ForRecommendations_UsesExternalIdsAndCatalog()
    {
        var users = new IdMap(["u1"]);
        var items = new IdMap(["i10", "i20"]);
        var catalog = new ItemCatalog(2);
        catalog.Title[1] = "Red shoe";
        catalog.Category[1] = catalog.CategoryNames.GetOrAdd("shoes");
        catalog.Price[1] = 19.5f;
        var builder = new InteractionsBuilder();
        builder.Add(0, 0, 1, 0, EventKind.View);
        var data = new Dataset("d", builder.Build(), users, items, catalog);
        var table = HtmlTable.ForRecommendations(data, 0, new Recommendations([1], [0.75f]));
        Assert.Equal("i20", table[0, 1]);
        Assert.Equal("Red shoe", table[0, 2]);
        Assert.Equal("shoes", table[0, 3]);
        Assert.Contains("19.50", table.ToHtml(), StringComparison.Ordinal);
        Assert.Contains("Top 1 for user u1", table.ToHtml(), StringComparison.Ordinal);
    }
}
