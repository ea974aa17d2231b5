using ResearchKit.Notebooks.Engine;

namespace ResearchKit.Notebooks.Tests.Engine;

public sealed class CSharpKernelTests
{
    private static readonly string Dir = AppContext.BaseDirectory;

    [Fact]
    public async Task SubmitAsync_VariablesAcrossSubmissions_StateIsShared()
    {
        var kernel = new CSharpKernel(Dir);
        Assert.True((await kernel.SubmitAsync("var x = 40;", "cell 1")).Succeeded);
        var result = await kernel.SubmitAsync("x + 2", "cell 2");
        Assert.True(result.Succeeded, result.Error);
        var output = Assert.Single(result.Outputs);
        Assert.Equal("42", Assert.IsType<DisplayOutput>(output).Data["text/plain"]);
    }

    [Fact]
    public async Task SubmitAsync_ConsoleWrites_AreStreamOutputsInOrder()
    {
        var kernel = new CSharpKernel(Dir);
        var result = await kernel.SubmitAsync("Console.Write(\"a\"); Console.WriteLine(\"b\"); display(1); Console.Error.WriteLine(\"oops\");", "cell 1");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(3, result.Outputs.Count);
        Assert.Equal(new StreamOutput("stdout", "ab\n"), result.Outputs[0]);
        Assert.Equal("1", Assert.IsType<DisplayOutput>(result.Outputs[1]).Data["text/plain"]);
        Assert.Equal(new StreamOutput("stderr", "oops\n"), result.Outputs[2]);
    }

    [Fact]
    public async Task SubmitAsync_HtmlContent_DisplaysTextHtml()
    {
        var kernel = new CSharpKernel(Dir);
        var result = await kernel.SubmitAsync(
            "new Microsoft.AspNetCore.Html.HtmlString(\"<b>bold</b>\").Display();\n\"<i>x</i>\".DisplayAs(\"text/html\");\ndisplay(\"plain\", \"text/plain\");",
            "cell 1");
        Assert.True(result.Succeeded, result.Error);
        var bundles = result.Outputs.Cast<DisplayOutput>().ToList();
        Assert.Equal("<b>bold</b>", bundles[0].Data["text/html"]);
        Assert.False(bundles[0].Data.ContainsKey("text/plain"));
        Assert.Equal("<i>x</i>", bundles[1].Data["text/html"]);
        Assert.Equal("plain", bundles[2].Data["text/plain"]);
    }

    [Fact]
    public async Task SubmitAsync_TrailingVoidCallOrStatement_HasNoResult()
    {
        var kernel = new CSharpKernel(Dir);
        Assert.Empty((await kernel.SubmitAsync("var y = 1;", "cell 1")).Outputs);
        var result = await kernel.SubmitAsync("System.Diagnostics.Debug.WriteLine(y)", "cell 2");
        Assert.True(result.Succeeded, result.Error);
        Assert.Empty(result.Outputs);
    }

    [Fact]
    public async Task SubmitAsync_Exception_ErrorNamesCellAndLine()
    {
        var kernel = new CSharpKernel(Dir);
        var result = await kernel.SubmitAsync("var a = 1;\nthrow new InvalidOperationException(\"boom\");", "cell 7");
        Assert.False(result.Succeeded);
        var error = Assert.IsType<ErrorOutput>(Assert.Single(result.Outputs));
        Assert.Equal("Error", error.EName);
        Assert.Contains("boom", error.EValue, StringComparison.Ordinal);
        Assert.Contains(error.Traceback, l => l.Contains("cell 7, line 2", StringComparison.Ordinal));
        // Variables assigned before the throw survive, as in dotnet-interactive.
        var after = await kernel.SubmitAsync("a", "cell 8");
        Assert.Equal("1", Assert.IsType<DisplayOutput>(Assert.Single(after.Outputs)).Data["text/plain"]);
    }

    [Fact]
    public async Task SubmitAsync_CompilationError_NamesCellLineAndCode()
    {
        var kernel = new CSharpKernel(Dir);
        var result = await kernel.SubmitAsync("var ok = 1;\nvar z = undefinedName;", "cell 3");
        var error = Assert.IsType<ErrorOutput>(Assert.Single(result.Outputs));
        Assert.Contains("cell 3(2,9): error CS0103", error.EValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_NugetReference_ClearOfflineError()
    {
        var kernel = new CSharpKernel(Dir);
        var result = await kernel.SubmitAsync("#r \"nuget: Newtonsoft.Json, 13.0.1\"\nvar q = 1;", "cell 2");
        Assert.False(result.Succeeded);
        Assert.Contains("not supported", result.Error, StringComparison.Ordinal);
        Assert.Contains("offline", result.Error, StringComparison.Ordinal);
        Assert.Contains("cell 2, line 1", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_RelativeReference_ResolvesAgainstBaseDirectory()
    {
        // The test output folder holds ResearchKit.dll; a kernel rooted in a sub folder reaches it with "../".
        var sub = Directory.CreateTempSubdirectory("rk-nb-").FullName;
        var dll = Path.Combine(sub, "lib", "ResearchKit.dll");
        Directory.CreateDirectory(Path.GetDirectoryName(dll)!);
        File.Copy(Path.Combine(Dir, "ResearchKit.dll"), dll);
        var notebookDir = Path.Combine(sub, "notebooks");
        Directory.CreateDirectory(notebookDir);
        var kernel = new CSharpKernel(notebookDir);
        var result = await kernel.SubmitAsync("#r \"../lib/ResearchKit.dll\"\nnew ResearchKit.Data.IdMap().Count", "cell 1");
        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("0", Assert.IsType<DisplayOutput>(Assert.Single(result.Outputs)).Data["text/plain"]);
    }

    [Fact]
    public async Task SubmitAsync_MissingReference_NamesResolvedPath()
    {
        var kernel = new CSharpKernel(Dir);
        var result = await kernel.SubmitAsync("#r \"nothere/x.dll\"", "cell 1");
        Assert.Contains(Path.Combine(Dir, "nothere", "x.dll"), result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_OtherMagic_IsRejectedCSharpMagicAccepted()
    {
        var kernel = new CSharpKernel(Dir);
        Assert.True((await kernel.SubmitAsync("#!csharp\n1", "cell 1")).Succeeded);
        var result = await kernel.SubmitAsync("#!fsharp\nlet x = 1", "cell 2");
        Assert.Contains("'#!fsharp' is not supported", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_DefaultImports_MatchDotnetInteractive()
    {
        var kernel = new CSharpKernel(Dir);
        var ok = await kernel.SubmitAsync("var sb = new StringBuilder(); var l = new List<int>{3,1}.OrderBy(v => v).ToList(); Task t = Task.CompletedTask; l[0]", "cell 1");
        Assert.True(ok.Succeeded, ok.Error);
        var noIo = await kernel.SubmitAsync("File.Exists(\"x\")", "cell 2");
        Assert.Contains("CS0103", noIo.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitAsync_Timeout_FailsAndStopsKernel()
    {
        var kernel = new CSharpKernel(Dir);
        var result = await kernel.SubmitAsync("System.Threading.Thread.Sleep(3000);", "cell 1", TimeSpan.FromMilliseconds(200));
        Assert.False(result.Succeeded);
        Assert.Contains("timed out", result.Error, StringComparison.Ordinal);
        Assert.False((await kernel.SubmitAsync("1", "cell 2")).Succeeded);
    }

    [Fact]
    public async Task SubmitAsync_RecordValue_EmitsRecordMimeType()
    {
        var kernel = new CSharpKernel(Dir, [Path.Combine(Dir, "ResearchKit.dll")]);
        var result = await kernel.SubmitAsync("ResearchKit.Notebooks.Record.Value(\"ndcg@10\", 0.25);", "cell 1");
        Assert.True(result.Succeeded, result.Error);
        var bundle = Assert.IsType<DisplayOutput>(Assert.Single(result.Outputs));
        Assert.Equal("{\"name\":\"ndcg@10\",\"value\":0.25}", bundle.Data[ResearchKit.Notebooks.Record.MimeType]);
    }
}
