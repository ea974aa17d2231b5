using ResearchKit.Notebooks.Ipynb;

namespace ResearchKit.Notebooks.Tests.Ipynb;

public sealed class IpynbReaderTests
{
    private const string VsCodeNotebook = """
        {
         "cells": [
          { "cell_type": "markdown", "metadata": {}, "source": ["# Hi\n", "there"] },
          { "cell_type": "code", "execution_count": null,
            "metadata": { "dotnet_interactive": { "language": "csharp" }, "polyglot_notebook": { "kernelName": "csharp" }, "vscode": { "languageId": "polyglot-notebook" } },
            "outputs": [], "source": ["#!csharp\n", "1 + 1"] },
          { "cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": "#!fsharp\nlet x = 1" }
         ],
         "metadata": { "kernelspec": { "display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp" },
                       "language_info": { "name": "polyglot-notebook" },
                       "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "csharp", "items": [ { "aliases": [], "name": "csharp" } ] } } },
         "nbformat": 4, "nbformat_minor": 2
        }
        """;

    [Fact]
    public void Parse_Nbformat42WithoutIds_AssignsIdsAndKeepsMetadata()
    {
        var nb = IpynbReader.Parse(VsCodeNotebook);
        Assert.Equal(["cell-1", "cell-2", "cell-3"], nb.Cells.Select(c => c.Id));
        Assert.Equal("# Hi\nthere", nb.Cells[0].Source);
        Assert.Equal("csharp", nb.Cells[1].Language());
        Assert.Equal("fsharp", nb.Cells[2].Language());
        var written = IpynbWriter.ToJson(nb);
        Assert.Empty(NbformatSchema.Violations(written));
        Assert.Contains("\"languageId\": \"polyglot-notebook\"", written, StringComparison.Ordinal);
        Assert.Equal(IpynbWriter.ToJson(IpynbReader.Parse(written)), written); // stable round trip
    }

    [Fact]
    public void Parse_WrongNbformat_NamesFileAndField()
    {
        var e = Assert.Throws<NotebookFormatException>(() => IpynbReader.Parse("{\"nbformat\": 3, \"cells\": []}", "old.ipynb"));
        Assert.Contains("old.ipynb: field 'nbformat' must be 4", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateIds_NamesCell()
    {
        var json = """{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"id":"a","cell_type":"markdown","metadata":{},"source":""},{"id":"a","cell_type":"markdown","metadata":{},"source":""}]}""";
        var e = Assert.Throws<NotebookFormatException>(() => IpynbReader.Parse(json, "dup.ipynb"));
        Assert.Contains("dup.ipynb: cell 2: cell id 'a' is used twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NbformatSchema_BrokenNotebook_ReportsViolations()
    {
        // The checker itself must catch what the schema forbids.
        var json = """{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","metadata":{},"source":"","outputs":[{"output_type":"stream","text":"x"}],"extra":1}]}""";
        var violations = NbformatSchema.Violations(json);
        Assert.Contains("$.cells[0].id: must match ^[a-zA-Z0-9-_]+$ with 1-64 characters", violations);
        Assert.Contains("$.cells[0].execution_count: required", violations);
        Assert.Contains("$.cells[0].extra: not allowed by the schema", violations);
        Assert.Contains("$.cells[0].outputs[0].name: required", violations);
    }
}
