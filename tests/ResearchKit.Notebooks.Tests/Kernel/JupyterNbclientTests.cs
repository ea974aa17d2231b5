using System.Diagnostics;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Kernel;
using ResearchKit.Notebooks.Runner;
using ResearchKit.Notebooks.Tests.Notebooks;
using ResearchKit.Tests.Shared;

namespace ResearchKit.Notebooks.Tests.Kernel;

/// <summary>
/// The Jupyter path: the kernelspec the kit installs, started by Debian's nbclient (python3-nbclient), executing
/// notebook 00 with CI's parameters; its recorded values must match what <c>kit notebooks</c> records.
/// In CI (CI=true) a missing nbclient fails the test; elsewhere it is skipped with a note.
/// </summary>
public sealed class JupyterNbclientTests
{
    private const string Python = "/usr/bin/python3";

    private const string Script = """
        import os, sys, nbformat, nbclient
        src, out = sys.argv[1], sys.argv[2]
        nb = nbformat.read(src, as_version=4)
        client = nbclient.NotebookClient(nb, kernel_name='.net-csharp', timeout=600, startup_timeout=180,
                                         resources={'metadata': {'path': os.path.dirname(os.path.abspath(src))}})
        try:
            client.execute()
        finally:
            nbformat.write(nb, out)
        """;

    [Fact]
    public async Task Nbclient_QuickStartThroughKernelspec_RecordsSameValuesAsKitNotebooks()
    {
        if (!NbclientAvailable()) return;
        using var folder = new TempFolder("rk-jupyter-");
        var work = folder.Path;
        var specs = JupyterKernelSpec.Install(KernelTool.Find(RepoRoot.Path), Path.Combine(work, "jupyter", "kernels"));
        Assert.Contains(specs, s => s.Contains(".net-csharp", StringComparison.Ordinal));
        Assert.All(specs, s => Assert.Contains("--http-local-only", File.ReadAllText(s), StringComparison.Ordinal));

        // The notebook with CI's parameters injected, in a folder laid out like the repository (notebooks/ beside artifacts/).
        var expectation = NotebookExpectations.All.Single(e => e.Notebook == "00_quick_start.ipynb");
        var notebook = IpynbReader.Load(Path.Combine(RepoRoot.Path, "notebooks", expectation.Notebook));
        ParameterInjector.Inject(notebook, expectation.Parameters, expectation.Notebook);
        Directory.CreateDirectory(Path.Combine(work, "notebooks"));
        Directory.CreateSymbolicLink(Path.Combine(work, "artifacts"), Path.Combine(RepoRoot.Path, "artifacts"));
        var source = Path.Combine(work, "notebooks", expectation.Notebook);
        IpynbWriter.Save(notebook, source);
        var executed = Path.Combine(work, "executed.ipynb");
        File.WriteAllText(Path.Combine(work, "execute.py"), Script);

        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(work, "execute.py"), source, executed }) psi.ArgumentList.Add(a);
        psi.Environment["JUPYTER_PATH"] = Path.Combine(work, "jupyter");
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
        var stderr = await err;
        Assert.True(p.ExitCode == 0, $"nbclient failed: {stderr[^Math.Min(3000, stderr.Length)..]}");

        var result = IpynbReader.Load(executed);
        Assert.Empty(result.ErrorOutputs());
        Assert.NotEmpty(result.OutputsOfType("text/html"));
        var recorded = RecordedResults.From(result, executed);
        foreach (var v in expectation.Values)
            Assert.True(Math.Abs(recorded.Double(v.Name) - v.Expected) <= v.Tolerance, $"{v.Name} = {recorded.Double(v.Name)} through Jupyter, expected {v.Expected} ± {v.Tolerance}.");
    }

    private static bool NbclientAvailable()
    {
        var ok = File.Exists(Python) && Process.Start(new ProcessStartInfo(Python, ["-c", "import nbclient, jupyter_client"]) { RedirectStandardError = true }) is { } p
            && p.WaitForExit(60_000) && p.ExitCode == 0;
        if (ok) return true;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"{Python} with nbclient and jupyter_client is missing; CI installs Debian's python3-nbclient and python3-jupyter-client.");
        Console.Error.WriteLine("nbclient test skipped: Debian's python3-nbclient is not installed.");
        return false;
    }
}
