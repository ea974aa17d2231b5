using System.Diagnostics;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Tests.Runner;

namespace ResearchKit.Notebooks.Tests.Cli;

/// <summary>Runs the real <c>kit notebooks</c> command (kit.dll from the build output) as a process.</summary>
public sealed class KitNotebooksCommandTests
{
    private static (int Code, string Out, string Err) Kit(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kit.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output, err.Result);
    }

    [Fact]
    public void Notebooks_FailingCell_ExitsNonZeroNamesCellAndWritesNotebook()
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
        Assert.Contains("[ 3/4] ok", stdout, StringComparison.Ordinal); // per-cell progress
        var executed = IpynbReader.Load(Path.Combine(outDir, "broken.ipynb"));
        Assert.Equal("63\n", executed.Cells[2].Outputs.Single()["text"]![0]!.GetValue<string>());
        Assert.Single(executed.ErrorOutputs());
    }

    [Fact]
    public void Notebooks_BadParameterSyntax_ExitsTwo()
    {
        var path = TestNotebooks.Write("p.ipynb", NotebookCell.CSharp("p", "var n = 2;", "parameters"));
        var (code, _, stderr) = Kit("notebooks", path, "-p", "n", "--out", TestNotebooks.OutDir(path));
        Assert.Equal(2, code);
        Assert.Contains("-p expects name=value", stderr, StringComparison.Ordinal);
    }
}
