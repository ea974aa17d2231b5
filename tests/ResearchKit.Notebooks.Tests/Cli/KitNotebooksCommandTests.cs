using System.Diagnostics;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Tests.Runner;

namespace ResearchKit.Notebooks.Tests.Cli;

/// <summary>Runs the real <c>kit notebooks</c> command (kit.dll from the build output) as a process.</summary>
public sealed class KitNotebooksCommandTests
{
    private static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kit.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    private static (int Code, string Out, string Err) Kit(params string[] args)
    {
        using var p = Start(args);
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void Notebooks_FailingCell_ExitsOneNamesCellAndWritesNotebook()
    {
        var path = TestNotebooks.Write("broken.ipynb",
            NotebookCell.CSharp("p", "var n = 2;", "parameters"),
            NotebookCell.CSharp("ok", "Console.WriteLine(n * 21);"),
            NotebookCell.CSharp("bad", "int.Parse(\"not a number\")"));
        var outDir = TestNotebooks.OutDir(path);
        var (code, stdout, stderr) = Kit("notebooks", path, "-p", "n=3", "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("cell 4 (id bad)", stderr, StringComparison.Ordinal);
        Assert.Contains("FormatException", stderr, StringComparison.Ordinal);
        Assert.Contains("[ 3/4] ok", stderr, StringComparison.Ordinal); // per-cell progress, on stderr
        Assert.Equal(Path.Combine(outDir, "broken.ipynb"), stdout.Trim()); // stdout: only the executed notebook
        var executed = IpynbReader.Load(Path.Combine(outDir, "broken.ipynb"));
        Assert.Equal("63\n", executed.Cells[2].Outputs.Single()["text"]![0]!.GetValue<string>());
        Assert.Single(executed.ErrorOutputs());
    }

    [Fact]
    public void Notebooks_TimeoutInFirstNotebook_StopsItsKernelAndRunsTheNext()
    {
        var slow = TestNotebooks.Write("a_slow.ipynb", NotebookCell.CSharp("p", "var n = 1;", "parameters"), NotebookCell.CSharp("sleep", "System.Threading.Thread.Sleep(120_000);"));
        var fine = Path.Combine(Path.GetDirectoryName(slow)!, "b_fine.ipynb");
        IpynbWriter.Save(NotebookDocument.CreatePolyglot([NotebookCell.CSharp("p", "var n = 1;", "parameters"), NotebookCell.CSharp("w", "Console.WriteLine(n + 1);")]), fine);
        var outDir = TestNotebooks.OutDir(slow);
        var (code, _, stderr) = Kit("notebooks", slow, fine, "-p", "n=5", "--timeout", "15", "--out", outDir);
        Assert.Equal(1, code);
        Assert.Contains("a_slow.ipynb TIMED-OUT at cell 3 (id sleep)", stderr, StringComparison.Ordinal);
        Assert.Equal("timed-out", IpynbReader.Load(Path.Combine(outDir, "a_slow.ipynb")).Metadata["researchkit"]!["status"]!.GetValue<string>());
        var next = IpynbReader.Load(Path.Combine(outDir, "b_fine.ipynb"));
        Assert.Equal("succeeded", next.Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.Equal("6\n", next.Cells[2].Outputs.Single()["text"]![0]!.GetValue<string>()); // -p reached the second notebook too
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task Notebooks_Signal_WritesNotebookMarkedInterruptedAndExitsWithSignalCode(string signalName, int exitCode)
    {
        InheritedSignals.RestoreSigintDefault();
        var path = TestNotebooks.Write("long.ipynb",
            NotebookCell.CSharp("a", "Console.WriteLine(\"before\");"),
            NotebookCell.CSharp("sleep", "System.Threading.Thread.Sleep(300_000);"));
        var outDir = TestNotebooks.OutDir(path);
        using var kit = Start("notebooks", path, "--out", outDir);
        var stdout = kit.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        var started = new TaskCompletionSource();
        _ = Task.Run(async () =>
        {
            var buffer = new char[256];
            int n;
            while ((n = await kit.StandardError.ReadAsync(buffer)) > 0)
            {
                lock (stderr) stderr.Append(buffer, 0, n);
                lock (stderr) if (stderr.ToString().Contains("sleep ...", StringComparison.Ordinal)) started.TrySetResult();
            }
            started.TrySetResult();
        });
        await started.Task.WaitAsync(TimeSpan.FromMinutes(3));
        await Task.Delay(500);
        using (var signal = Process.Start("kill", ["-" + signalName, kit.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) signal.WaitForExit();
        Assert.True(kit.WaitForExit(TimeSpan.FromSeconds(60)), $"kit notebooks did not stop after SIG{signalName}");
        await stdout;
        Assert.Equal(exitCode, kit.ExitCode);
        var executed = IpynbReader.Load(Path.Combine(outDir, "long.ipynb"));
        Assert.Equal("interrupted", executed.Metadata["researchkit"]!["status"]!.GetValue<string>());
        Assert.Equal("before\n", executed.Cells[0].Outputs.Single()["text"]![0]!.GetValue<string>());
        lock (stderr) Assert.Contains($"interrupted (SIG{signalName})", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Notebooks_BadParameterSyntax_ExitsTwo()
    {
        var path = TestNotebooks.Write("p.ipynb", NotebookCell.CSharp("p", "var n = 2;", "parameters"));
        var (code, _, stderr) = Kit("notebooks", path, "-p", "n", "--out", TestNotebooks.OutDir(path));
        Assert.Equal(2, code);
        Assert.Contains("-p expects name=value", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Notebooks_RepeatedParameter_ExitsTwoNamingBothValues()
    {
        var path = TestNotebooks.Write("p.ipynb", NotebookCell.CSharp("p", "var n = 2;", "parameters"));
        var (code, _, stderr) = Kit("notebooks", path, "-p", "n=3", "-p", "n=4", "--out", TestNotebooks.OutDir(path));
        Assert.Equal(2, code);
        Assert.Contains("-p n is given twice ('3' and '4')", stderr, StringComparison.Ordinal);
    }
}
