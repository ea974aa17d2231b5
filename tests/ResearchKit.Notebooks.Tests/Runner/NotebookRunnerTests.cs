using System.Text.Json.Nodes;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Runner;
using ResearchKit.Notebooks.Tests.Ipynb;

namespace ResearchKit.Notebooks.Tests.Runner;

/// <summary>The runner on the real .NET Interactive kernel (the tool pinned in .config/dotnet-tools.json).</summary>
public sealed class NotebookRunnerTests
{
    private static NotebookRunOptions Options(string path, NotebookRunOptions? o = null) =>
        (o ?? new NotebookRunOptions()) with { OutputDirectory = TestNotebooks.OutDir(path) };

    [Fact]
    public async Task RunAsync_SharedStateAndMarkdown_WritesOutputsCountsKernelAndValidNotebook()
    {
        var path = TestNotebooks.Write("ok.ipynb",
            NotebookCell.Markdown("intro", "# Title\nSome *text*."),
            NotebookCell.CSharp("a", "var n = 20;\nConsole.WriteLine(\"hello\");"),
            NotebookCell.CSharp("b", "new Microsoft.AspNetCore.Html.HtmlString(\"<p>x</p>\")"),
            NotebookCell.CSharp("c", "display(\"shown\");\nn * 2"));
        var before = File.ReadAllText(path);
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(before, File.ReadAllText(path)); // the source is never modified
        var json = File.ReadAllText(result.OutputPath);
        Assert.Empty(NbformatSchema.Violations(json));
        var nb = IpynbReader.Parse(json);
        Assert.Equal("# Title\nSome *text*.", nb.Cells[0].Source);
        Assert.Equal([1, 2, 3], nb.Cells.Skip(1).Select(c => c.ExecutionCount ?? -1));
        Assert.Equal("hello\n", nb.Cells[1].Outputs.Single()["text"]![0]!.GetValue<string>());
        Assert.Equal("<p>x</p>", Text(nb.Cells[2].Outputs.Single()["data"]!["text/html"]!)); // IHtmlContent renders as HTML
        var last = nb.Cells[3].Outputs;
        Assert.Equal(2, last.Count);
        Assert.Equal("shown", last[0]["data"]!["text/plain"]![0]!.GetValue<string>());
        Assert.Contains("<pre>40</pre>", Text(last[1]["data"]!["text/html"]!), StringComparison.Ordinal);
        Assert.Equal("display_data", last[1]["output_type"]!.GetValue<string>()); // VS Code saves values as display_data
        Assert.NotNull(nb.Cells[1].Metadata["researchkit"]!["duration_seconds"]);
        Assert.Equal("csharp", nb.Cells[1].Metadata["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        var run = nb.Metadata["researchkit"]!;
        Assert.Equal("microsoft.dotnet-interactive", run["kernel"]!["name"]!.GetValue<string>());
        Assert.Equal("1.0.712001", run["kernel"]!["version"]!.GetValue<string>());
        Assert.StartsWith("C# ", run["kernel"]!["language"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("succeeded", run["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_FailingCell_WritesEarlierOutputsAndNamesCell()
    {
        var path = TestNotebooks.Write("fail.ipynb",
            NotebookCell.CSharp("a", "Console.WriteLine(\"before\");"),
            NotebookCell.CSharp("b", "var x = 1;\nthrow new InvalidOperationException(\"broken on purpose\");"),
            NotebookCell.CSharp("c", "Console.WriteLine(\"after\");"));
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Contains("cell 2 (id b)", result.Error, StringComparison.Ordinal);
        Assert.Contains("broken on purpose", result.Error, StringComparison.Ordinal);
        var json = File.ReadAllText(result.OutputPath);
        Assert.Empty(NbformatSchema.Violations(json));
        var nb = IpynbReader.Parse(json);
        Assert.Equal("before\n", nb.Cells[0].Outputs.Single()["text"]![0]!.GetValue<string>());
        var error = Assert.Single(nb.ErrorOutputs());
        Assert.Equal(2, error.Cell);
        Assert.Equal("Error", nb.Cells[1].Outputs.Single()["ename"]!.GetValue<string>());
        Assert.Empty(nb.Cells[2].Outputs);
        Assert.Null(nb.Cells[2].ExecutionCount);
        Assert.Equal("not-run", nb.Cells[2].Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.Equal("failed", nb.Metadata["researchkit"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_CompileError_ReportsLineInCell()
    {
        var path = TestNotebooks.Write("cs.ipynb", NotebookCell.CSharp("a", "var ok = 1;\nvar bad = undefinedName + 1;"));
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.Equal(NotebookStatus.Failed, result.Status);
        Assert.Contains("(2,11)", result.Error, StringComparison.Ordinal); // line 2, column 11 of the cell
        Assert.Contains("CS0103", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Parameters_InjectedAfterParametersCellTypedLikeOriginal()
    {
        var path = TestNotebooks.Write("params.ipynb",
            NotebookCell.CSharp("p", "var epochs = 5;\ndouble lr = 0.1;\nvar name = \"full\";", "parameters"),
            NotebookCell.CSharp("use", "Console.Write($\"{epochs.GetType().Name} {epochs} {lr} {name}\");"));
        var options = Options(path, new NotebookRunOptions { Parameters = new Dictionary<string, string> { ["epochs"] = "1", ["lr"] = "2", ["name"] = "ci \"small\"; Console.Write(1);" } });
        var result = await NotebookRunner.RunAsync(path, options);
        Assert.True(result.Succeeded, result.Error);
        var nb = IpynbReader.Load(result.OutputPath);
        Assert.Equal(["p", "injected-parameters", "use"], nb.Cells.Select(c => c.Id));
        Assert.Contains("injected-parameters", nb.Cells[1].Tags);
        Assert.Contains("int epochs = 1;", nb.Cells[1].Source, StringComparison.Ordinal);
        Assert.Contains("double lr = 2.0;", nb.Cells[1].Source, StringComparison.Ordinal);
        // A value is a literal, never code: the string stays a string.
        Assert.Equal("Int32 1 2 ci \"small\"; Console.Write(1);", nb.Cells[2].Outputs.Single()["text"]![0]!.GetValue<string>());
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
    public async Task RunAsync_FSharpCell_RunsOnTheKernelsFSharpKernel()
    {
        var fsharp = new NotebookCell("fs", "code", "let x = 20 + 1\nprintfn \"%d\" (x * 2)", new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "fsharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "fsharp" },
        });
        var path = TestNotebooks.Write("poly.ipynb", NotebookCell.CSharp("a", "Console.WriteLine(1);"), fsharp);
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("42\n", IpynbReader.Load(result.OutputPath).Cells[1].Outputs.Single()["text"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_RecordedValues_ReadBackWithPlainTextForEditors()
    {
        var path = TestNotebooks.Write("rec.ipynb", TestNotebooks.LoadKit(),
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
        var plain = IpynbReader.Load(result.OutputPath).OutputsOfType("text/plain").ToList();
        Assert.Equal(["ndcg@10 = 0.3125", "model = als", "bad = NaN"], plain);
    }

    [Fact]
    public async Task RunAsync_CellPastTimeout_StopsKernelMarksTimedOutAndKeepsEarlierOutputs()
    {
        var path = TestNotebooks.Write("slow.ipynb",
            NotebookCell.CSharp("a", "Console.WriteLine(\"first\");"),
            NotebookCell.CSharp("slow", "System.Threading.Thread.Sleep(120_000);"),
            NotebookCell.CSharp("c", "Console.WriteLine(\"never\");"));
        var result = await NotebookRunner.RunAsync(path, Options(path, new NotebookRunOptions { CellTimeout = TimeSpan.FromSeconds(15) }));
        Assert.Equal(NotebookStatus.TimedOut, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Contains("15 s limit", result.Error, StringComparison.Ordinal);
        Assert.InRange(result.CellSeconds.Single(c => c.Cell == 2).Seconds, 14.5, 60);
        var nb = IpynbReader.Load(result.OutputPath);
        Assert.Equal("first\n", nb.Cells[0].Outputs.Single()["text"]![0]!.GetValue<string>());
        Assert.Equal("timed-out", nb.Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.True(nb.Metadata["researchkit"]!["interrupted"]!.GetValue<bool>());
        Assert.Equal("not-run", nb.Cells[2].Metadata["researchkit"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_CellKillsKernel_WritesWhatRanMarkedKernelDied()
    {
        var path = TestNotebooks.Write("exit.ipynb",
            NotebookCell.CSharp("a", "Console.WriteLine(\"ran\");"),
            NotebookCell.CSharp("exit", "Environment.Exit(3);"),
            NotebookCell.CSharp("c", "1"));
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.Equal(NotebookStatus.KernelDied, result.Status);
        Assert.Contains("kernel process exited", result.Error, StringComparison.Ordinal);
        var nb = IpynbReader.Load(result.OutputPath);
        Assert.Equal("ran\n", nb.Cells[0].Outputs.Single()["text"]![0]!.GetValue<string>());
        Assert.Equal("kernel-died", nb.Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.Equal("kernel-died", nb.Cells[1].Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.Single(nb.ErrorOutputs());
    }

    [Fact]
    public async Task RunAsync_StackOverflow_WritesWhatRanMarkedKernelDied()
    {
        var path = TestNotebooks.Write("so.ipynb",
            NotebookCell.CSharp("a", "int Down(int n) => Down(n + 1) + 1;\nConsole.WriteLine(\"defined\");"),
            NotebookCell.CSharp("boom", "Down(0)"));
        var result = await NotebookRunner.RunAsync(path, Options(path));
        Assert.Equal(NotebookStatus.KernelDied, result.Status);
        Assert.Equal(2, result.FailedCell);
        Assert.Equal("defined\n", IpynbReader.Load(result.OutputPath).Cells[0].Outputs.Single()["text"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_Cancelled_WritesNotebookMarkedInterrupted()
    {
        var path = TestNotebooks.Write("cancel.ipynb",
            NotebookCell.CSharp("a", "Console.WriteLine(\"ran\");"),
            NotebookCell.CSharp("slow", "System.Threading.Thread.Sleep(120_000);"));
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress(p => { if (p.Phase == CellPhase.Started && p.CellId == "slow") cts.CancelAfter(500); });
        var result = await NotebookRunner.RunAsync(path, Options(path), progress, cts.Token);
        Assert.Equal(NotebookStatus.Interrupted, result.Status);
        var nb = IpynbReader.Load(result.OutputPath);
        Assert.Equal("interrupted", nb.Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.Equal("ran\n", nb.Cells[0].Outputs.Single()["text"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_OutputFolderIsSourceFolder_Refuses()
    {
        var path = TestNotebooks.Write("same.ipynb", NotebookCell.CSharp("a", "1"));
        await Assert.ThrowsAsync<ArgumentException>(() => NotebookRunner.RunAsync(path, new NotebookRunOptions { OutputDirectory = Path.GetDirectoryName(path)! }));
    }

    private static string Text(JsonNode lines) => string.Concat(lines.AsArray().Select(l => l!.GetValue<string>()));

    private sealed class SyncProgress(Action<NotebookProgress> report) : IProgress<NotebookProgress>
    {
        public void Report(NotebookProgress value) => report(value);
    }
}
