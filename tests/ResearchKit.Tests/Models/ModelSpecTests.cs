using ResearchKit.Models;

namespace ResearchKit.Tests.Models;

public class ModelSpecTests
{
    [Fact]
    public void ParseList_SplitsOnlyAtTopLevelCommas()
    {
        var specs = ModelSpec.ParseList("pop, als(factors=64,iterations=15),bpr");
        Assert.Equal(["pop", "als", "bpr"], specs.Select(s => s.Name));
        Assert.Equal("64", specs[1].Parameters["factors"]);
        Assert.Equal("15", specs[1].Parameters["ITERATIONS"]);
    }

    [Theory]
    [InlineData("als(factors=64")]
    [InlineData("als(factors)")]
    [InlineData("")]
    [InlineData("al s")]
    public void Parse_Malformed_ThrowsFormatException(string text) =>
        Assert.ThrowsAny<FormatException>(() => ModelSpec.ParseList(text));

    [Fact]
    public void Create_UnknownParameter_ErrorListsKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("pop(factors=3)"));
        Assert.Contains("factors", e.Message, StringComparison.Ordinal);
        Assert.Contains("halflife", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_BadValue_ErrorNamesParameter()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("pop(halflife=abc)"));
        Assert.Contains("halflife", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FusionSpecs_BuildComponentsFromRegistry()
    {
        Assert.Equal("rrf(pop+pop)", ModelRegistry.Create("rrf(models=pop+pop,depth=20)").Name);
        Assert.Equal("blend(pop+ucb(pop))", ModelRegistry.Create("blend(models=pop+ucb,weights=1+0.5,norm=minmax)").Name);
        Assert.Equal("switch(pop|pop)", ModelRegistry.Create("switch(min=3)").Name);
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("blend(models=pop+pop,weights=1)"));
        Assert.Contains("2 models", e.Message, StringComparison.Ordinal);
    }
}
