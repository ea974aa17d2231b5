using ResearchKit.Fusion;
using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Experiments;


namespace ResearchKit.Tests.Experiments;

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
        Assert.Equal("blend(pop+ucb(pop))", ModelRegistry.Create("blend(models=pop+ucb(base=pop),weights=1+0.5,norm=minmax)").Name);
        Assert.Equal("switch(pop|pop)", ModelRegistry.Create("switch(min=3,warm=pop)").Name);
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("blend(models=pop+pop,weights=1)"));
        Assert.Contains("2 models", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedSpecs_KeepsMemberParametersInsideTheirParentheses()
    {
        var specs = ModelSpec.ParseList("blend(models=als(factors=128,iterations=3)+ease(reg=500),weights=1+2),pop");
        Assert.Equal(["blend", "pop"], specs.Select(s => s.Name));
        Assert.Equal("als(factors=128,iterations=3)+ease(reg=500)", specs[0].Parameters["models"]);
        var members = ModelSpec.ParseMembers(specs[0].Parameters["models"]);
        Assert.Equal(["als", "ease"], members.Select(m => m.Name));
        Assert.Equal("128", members[0].Parameters["factors"]);
        Assert.Equal("500", members[1].Parameters["reg"]);
    }

    [Fact]
    public void Create_NestedMemberParameters_ReachTheMembers()
    {
        var blend = Assert.IsType<WeightedBlendRecommender>(ModelRegistry.Create("blend(models=als(factors=8,iterations=2)+ease(reg=50))"));
        var als = Assert.IsType<AlsRecommender>(blend.Components[0].Model);
        Assert.Equal(8, als.Options.Factors);
        Assert.Equal(2, als.Options.Iterations);
        Assert.Equal(50, Assert.IsType<EaseRecommender>(blend.Components[1].Model).Options.Regularization);
    }

    [Theory]
    [InlineData("blend")]
    [InlineData("rrf")]
    [InlineData("borda")]
    [InlineData("combmnz")]
    [InlineData("tuned")]
    [InlineData("blend(models=+)")]
    public void Create_FusionWithoutMembers_ErrorSaysHowToNameThem(string spec)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create(spec));
        Assert.Contains("models", e.Message, StringComparison.Ordinal);
        Assert.Contains("models=als+ease(reg=500)", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ucb", "'base' is required")]
    [InlineData("switch(cold=pop)", "'warm' is required")]
    public void Create_SingleMemberFusionWithoutMember_ErrorNamesTheParameter(string spec, string expected) =>
        Assert.Contains(expected, Assert.Throws<ArgumentException>(() => ModelRegistry.Create(spec)).Message, StringComparison.Ordinal);

    [Fact]
    public void Create_BadNestedParameter_ErrorNamesModelAndParameterAsTyped()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("Blend(Models=als(Factrs=3)+ease)"));
        Assert.StartsWith("Blend: Models=als(Factrs=3)+ease: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("als: unknown parameter(s) Factrs (did you mean factors?)", e.Message, StringComparison.Ordinal);
        var bad = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("ALS(Factors=many)"));
        Assert.Equal("ALS: Factors=many is not an integer.", bad.Message);
    }

    [Fact]
    public void Build_DefaultsAndParameterOrder_GiveTheSameCanonicalKey()
    {
        var a = ModelRegistry.Build(ModelSpec.Parse("als(iterations=15,factors=64)")).Key;
        Assert.Equal(a, ModelRegistry.Build(ModelSpec.Parse("als")).Key);
        Assert.NotEqual(a, ModelRegistry.Build(ModelSpec.Parse("als(factors=32)")).Key);
        Assert.Equal(ModelRegistry.Build(ModelSpec.Parse("blend(models=als+ease)")).Key,
            ModelRegistry.Build(ModelSpec.Parse("blend(models=als(factors=64)+ease,norm=zscore)")).Key);
    }
}
