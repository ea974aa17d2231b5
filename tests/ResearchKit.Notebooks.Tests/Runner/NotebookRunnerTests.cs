using System.Text.Json.Nodes;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Runner;
using ResearchKit.Notebooks.Tests.Ipynb;

namespace ResearchKit.Notebooks.Tests.Runner;

public sealed class NotebookRunnerTests
{
    private static NotebookRunOptions Options(string path, NotebookRunOptions? o = null) =>
        (o ?? new NotebookRunOptions()) with { OutputDirectory = TestNotebooks.OutDir(path), AdditionalReferences = [typeof(Record).Assembly.Location] };

    [Fact]
    public async Task RunAsync_SharedStateAndMarkdown_WritesOutputsCountsAndValidNotebook()
    {
        var path = TestNotebooks.Write("ok.ipynb",
            NotebookCell.Markdown("intro", "# Title\nSome *text*."),
            NotebookCell.CSharp("a", "var n = 20;\nConsole.WriteLine(\"hello\");"),
            NotebookCell.CSharp("b", "new Microsoft.AspNetCore.Html.HtmlString(\"<p>x</p>\")"),
            NotebookCell.CSharp("c", "n * 2"));
        var before = File.ReadAllText(path);
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(before, File.ReadAllText(path)); // the source is never modified
        var json = File.ReadAllText(result.OutputPath);
        Assert.Empty(NbformatSchema.Violations(json));
        var nb = IpynbReader.Parse(json);
        Assert.Equal("# Title\nSome *text*.", nb.Cells[0].Source);
        Assert.Equal([1, 2, 3], nb.Cells.Skip(1).Select(c => c.ExecutionCount ?? -1));
        Assert.Equal("stream", nb.Cells[1].Outputs[0]["output_type"]!.GetValue<string>());
        Assert.Equal("<p>x</p>", nb.OutputsOfType("text/html").Single());
        Assert.Equal("40", nb.Cells[3].Outputs.Single()["data"]!["text/plain"]![0]!.GetValue<string>());
        Assert.Equal("display_data", nb.Cells[3].Outputs.Single()["output_type"]!.GetValue<string>());
        Assert.NotNull(nb.Cells[1].Metadata["researchkit"]!["duration_seconds"]);
        Assert.Equal("csharp", nb.Cells[1].Metadata["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        Assert.Equal(".net-csharp", nb.Metadata["kernelspec"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_FailingCell_WritesEarlierOutputsAndNamesCell()
    {
        var path = TestNotebooks.Write("fail.ipynb",
            NotebookCell.CSharp("a", "Console.WriteLine(\"before\");"),
            NotebookCell.CSharp("b", "var x = 1;\nthrow new InvalidOperationException(\"broken on purpose\");"),
            NotebookCell.CSharp("c", "Console.WriteLine(\"after\");"));
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.False(result.Succeeded);
        Assert.Equal(2, result.FailedCell);
        Assert.Contains("cell 2 (id b)", result.Error, StringComparison.Ordinal);
        Assert.Contains("broken on purpose", result.Error, StringComparison.Ordinal);
        var json = File.ReadAllText(result.OutputPath);
        Assert.Empty(NbformatSchema.Violations(json));
        var nb = IpynbReader.Parse(json);
        Assert.Equal("before\n", nb.Cells[0].Outputs.Single()["text"]![0]!.GetValue<string>());
        var error = Assert.Single(nb.ErrorOutputs());
        Assert.Equal(2, error.Cell);
        Assert.Empty(nb.Cells[2].Outputs);
        Assert.Null(nb.Cells[2].ExecutionCount);
        Assert.Equal("failed", nb.Metadata["researchkit"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_Parameters_InjectedAfterParametersCellTypedLikeOriginal()
    {
        var path = TestNotebooks.Write("params.ipynb",
            NotebookCell.CSharp("p", "var epochs = 5;\ndouble lr = 0.1;\nvar name = \"full\";", "parameters"),
            NotebookCell.CSharp("use", "$\"{epochs.GetType().Name} {epochs} {lr} {name}\""));
        var options = Options(path, new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["epochs"] = "1", ["lr"] = "2", ["name"] = "ci \"small\"" } });
        var result = await NotebookRunner.RunAsync(path, options);
        Assert.True(result.Succeeded, result.Error);
        var nb = IpynbReader.Load(result.OutputPath);
        Assert.Equal(["p", "injected-parameters", "use"], nb.Cells.Select(c => c.Id));
        Assert.Contains("injected-parameters", nb.Cells[1].Tags);
        Assert.Contains("int epochs = 1;", nb.Cells[1].Source, StringComparison.Ordinal);
        Assert.Contains("double lr = 2.0;", nb.Cells[1].Source, StringComparison.Ordinal);
        Assert.Equal("Int32 1 2 ci \"small\"", nb.OutputsOfType("text/plain").Single());
    }

    [Fact]
    public async Task RunAsync_BadParameter_ErrorsNameParameterAndType()
    {
        var path = TestNotebooks.Write("params.ipynb", NotebookCell.CSharp("p", "var epochs = 5;", "parameters"));
        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path,
            Options(path, new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["epoch"] = "1" } })));
        Assert.Contains("unknown parameter 'epoch'", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("epochs", unknown.Message, StringComparison.Ordinal);
        var badType = await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path,
            Options(path, new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["epochs"] = "1.5" } })));
        Assert.Contains("'epochs' is int", badType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OtherLanguageCell_FailsNamingCellOrIsSkipped()
    {
        var fsharp = new NotebookCell("fs", "code", "let x = 1", new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "fsharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" },
        });
        var path = TestNotebooks.Write("poly.ipynb", NotebookCell.CSharp("a", "1"), fsharp, NotebookCell.CSharp("c", "2"));
        var failed = await NotebookRunner.RunAsync(path, Options(path));
        Assert.False(failed.Succeeded);
        Assert.Contains("cell 2 (id fs) is a 'fsharp' cell", failed.Error, StringComparison.Ordinal);

        var skipped = await NotebookRunner.RunAsync(path, Options(path, new NotebookRunOptions { OtherLanguages = OtherLanguagePolicy.Skip }));
        Assert.True(skipped.Succeeded, skipped.Error);
        var nb = IpynbReader.Load(skipped.OutputPath);
        Assert.Equal("skipped", nb.Cells[1].Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.Equal(2, nb.Cells[2].ExecutionCount);
    }

    [Fact]
    public async Task RunAsync_RecordedValues_ReadBack()
    {
        var path = TestNotebooks.Write("rec.ipynb",
            NotebookCell.CSharp("a", "ResearchKit.Notebooks.Record.Value(\"ndcg@10\", 0.3125);\nResearchKit.Notebooks.Record.Value(\"model\", \"als\");\nResearchKit.Notebooks.Record.Value(\"bad\", double.NaN);"));
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(NbformatSchema.Violations(File.ReadAllText(result.OutputPath)));
        var recorded = RecordedResults.Load(result.OutputPath);
        Assert.Equal(0.3125, recorded.Double("ndcg@10"));
        Assert.Equal("als", recorded.String("model"));
        Assert.True(double.IsNaN(recorded.Double("bad")));
        var missing = Assert.Throws<KeyNotFoundException>(() => recorded.Double("recall@10"));
        Assert.Contains("ndcg@10", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OutputFolderIsSourceFolder_Refuses()
    {
        var path = TestNotebooks.Write("same.ipynb", NotebookCell.CSharp("a", "1"));
        await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path, new NotebookRunOptions { OutputDirectory = Path.GetDirectoryName(path)! }));
    }
}
