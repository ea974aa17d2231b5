using System.Globalization;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Experiments;

public sealed class ModelRegistryErrorTests
{
    [Theory]
    [InlineData("als(factors=-5)", "als: factors must be ≥ 1, got -5.")]
    [InlineData("bpr(lr=-1)", "bpr: lr must be > 0, got -1.")]
    [InlineData("BPR(LR=-1)", "BPR: LR must be > 0, got -1.")]          // as typed, case and all
    [InlineData("als(reg=0)", "als: reg must be > 0, got 0.")]
    [InlineData("als(cg=0)", "als: cg must be ≥ 1, got 0.")]
    [InlineData("pop(halflife=-2)", "pop: halflife must be ≥ 0, got -2.")]
    [InlineData("ucb(base=pop,alpha=-1)", "ucb: alpha must be a finite value ≥ 0, got -1.")]
    [InlineData("switch(warm=pop,min=-3)", "switch: min must be ≥ 0, got -3.")]
    [InlineData("rrf(models=pop+random,c=-1)", "rrf: c must be ≥ 0, got -1.")]
    public void Build_InvalidOptionValue_NamesModelAndParameterAsTyped(string spec, string expected) =>
        Assert.Equal(expected, Assert.Throws<ArgumentException>(() => ModelRegistry.Create(spec)).Message);

    [Fact]
    public void Build_InvalidMember_NamesTheFusionParameterAndTheMemberError()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("ucb(base=als(factors=0))"));
        Assert.Equal("ucb: base=als(factors=0): als: factors must be ≥ 1, got 0.", e.Message);
    }

    [Fact]
    public void Build_UnknownMember_MentionsTheParameterAndListsKnownModels()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("ucb(base=nothing)"));
        Assert.StartsWith("ucb: base=nothing: Unknown model 'nothing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("known models: als, ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alss", "als")]
    [InlineData("eas", "ease")]
    [InlineData("itemnn", "itemknn")]
    [InlineData("ALSS", "als")]
    public void Build_MisspeltModel_SuggestsTheClosestName(string typed, string suggestion)
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create(typed));
        Assert.StartsWith($"Unknown model '{typed}' (did you mean {suggestion}?); known models: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_UnrelatedName_MakesNoSuggestion() =>
        Assert.DoesNotContain("did you mean", Assert.Throws<ArgumentException>(() => ModelRegistry.Create("transformer")).Message, StringComparison.Ordinal);

    [Fact]
    public void Build_MisspeltParameter_SuggestsTheClosestParameter() =>
        Assert.Contains("unknown parameter(s) iteratons (did you mean iterations?)",
            Assert.Throws<ArgumentException>(() => ModelRegistry.Create("als(iteratons=3)")).Message, StringComparison.Ordinal);

    // Every numeric parameter of every model, set far out of range: the model either accepts it or says which
    // parameter (by its registry name) is wrong. This keeps OptionErrors' property → parameter table complete.
    [Fact]
    public void Build_EveryNumericParameterOutOfRange_ErrorNamesThatParameter()
    {
        var required = new Dictionary<string, string>
        {
            ["ucb"] = "base=pop", ["switch"] = "warm=pop", ["blend"] = "models=pop+random", ["rrf"] = "models=pop+random",
            ["borda"] = "models=pop+random", ["combmnz"] = "models=pop+random", ["tuned"] = "models=pop+random", ["ltr"] = "models=pop+random",
        };
        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var model in ModelRegistry.Available.Keys)
        {
            var baseArgs = required.GetValueOrDefault(model);
            var spec = baseArgs is null ? model : $"{model}({baseArgs})";
            foreach (var (name, value) in ModelRegistry.Create(ModelSpec.Parse(spec)).Parameters)
            {
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _)) continue;
                var bad = $"{model}({(baseArgs is null ? "" : baseArgs + ",")}{name}=-1000000)";
                checkedCount++;
                try { ModelRegistry.Create(bad); }
                catch (ArgumentException e)
                {
                    if (!e.Message.StartsWith($"{model}: {name} ", StringComparison.Ordinal)) failures.Add($"{bad}: {e.Message}");
                }
            }
        }
        Assert.True(checkedCount > 40, $"only {checkedCount} numeric parameters found");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("als", "als", 0)]
    [InlineData("alss", "als", 1)]
    [InlineData("eas", "ease", 1)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_KnownPairs_GiveLevenshteinDistance(string a, string b, int expected)
    {
        Assert.Equal(expected, NameSuggestions.Distance(a, b));
        Assert.Equal(expected, NameSuggestions.Distance(b, a));
    }
}
