using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Runner;

namespace ResearchKit.Notebooks.Tests.Runner;

public sealed class ParameterInjectorTests
{
    [Fact]
    public void DeclaredParameters_VarAndExplicitTypes_InferredFromLiterals()
    {
        var declared = ParameterInjector.DeclaredParameters(
            "var a = 5; // comment\nvar b = 5L;\nvar c = -0.5;\nvar d = 1.5f;\nvar e = true;\nvar f = \"x\";\nfloat g = 2;\nvar h = new[] { 1 };");
        Assert.Equal("int", declared["a"]);
        Assert.Equal("long", declared["b"]);
        Assert.Equal("double", declared["c"]);
        Assert.Equal("float", declared["d"]);
        Assert.Equal("bool", declared["e"]);
        Assert.Equal("string", declared["f"]);
        Assert.Equal("float", declared["g"]);
        Assert.Equal("?", declared["h"]);
    }

    [Theory]
    [InlineData("int", "-3", "-3")]
    [InlineData("long", "7", "7L")]
    [InlineData("double", "3", "3.0")]
    [InlineData("double", "1e-3", "0.001")]
    [InlineData("float", "0.25", "0.25f")]
    [InlineData("decimal", "9.99", "9.99m")]
    [InlineData("bool", "True", "true")]
    [InlineData("string", "a\"b\\c", "\"a\\\"b\\\\c\"")]
    public void Literal_ValueOfType_IsValidCSharp(string type, string value, string expected) =>
        Assert.Equal(expected, ParameterInjector.Literal("p", type, value));

    [Fact]
    public void Literal_NonLiteralParameter_CannotBeOverridden() =>
        Assert.Contains("cannot be overridden", Assert.Throws<ArgumentException>(() => ParameterInjector.Literal("h", "?", "1")).Message, StringComparison.Ordinal);

    [Fact]
    public void Inject_ReplacesEarlierInjectedCell_AndRequiresParametersCell()
    {
        var notebook = NotebookDocument.CreatePolyglot([NotebookCell.CSharp("p", "var n = 1;", "parameters"), NotebookCell.CSharp("use", "n")]);
        ParameterInjector.Inject(notebook, new Dictionary<string, string> { ["n"] = "2" }, "nb");
        ParameterInjector.Inject(notebook, new Dictionary<string, string> { ["n"] = "3" }, "nb");
        Assert.Equal(["p", "injected-parameters", "use"], notebook.Cells.Select(c => c.Id));
        Assert.EndsWith("int n = 3;", notebook.Cells[1].Source, StringComparison.Ordinal);

        var none = NotebookDocument.CreatePolyglot([NotebookCell.CSharp("a", "1")]);
        var e = Assert.Throws<ArgumentException>(() => ParameterInjector.Inject(none, new Dictionary<string, string> { ["n"] = "2" }, "nb.ipynb"));
        Assert.Contains("no cell is tagged 'parameters'", e.Message, StringComparison.Ordinal);
    }
}
