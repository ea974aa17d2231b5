using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Runner;
using ResearchKit.Notebooks.Tests.Ipynb;
using ResearchKit.Tests.Shared;

namespace ResearchKit.Notebooks.Tests.Notebooks;

/// <summary>
/// Executes every notebooks/*.ipynb headlessly on the .NET Interactive kernel with small parameters (as CI does) and
/// checks the executed notebook: no error outputs, valid nbformat 4.5, HTML outputs present, the kernel named in its
/// metadata, and the recorded metrics within stated tolerances. The notebooks load the kit with
/// <c>#r "../artifacts/kit/ResearchKit.dll"</c>, which any Release build of the library stages.
/// </summary>
public sealed class NotebookRegressionTests
{
    private static readonly string Root = RepoRoot.Path;

    /// <summary>How every notebook loads the kit (relative to notebooks/, the kernel's working directory).</summary>
    public const string LoadKitLine = "#r \"../artifacts/kit/ResearchKit.dll\"";

    public static TheoryData<string> Notebooks()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Fact]
    public void EveryNotebook_HasExpectationsAndParametersCell()
    {
        var names = Directory.GetFiles(Path.Combine(Root, "notebooks"), "*.ipynb").Select(Path.GetFileName).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            Assert.True(NotebookExpectations.All.Any(e => e.Notebook == name), $"{name} has no entry in NotebookExpectations.");
            var notebook = IpynbReader.Load(Path.Combine(Root, "notebooks", name!));
            Assert.Contains(notebook.Cells, c => c.Tags.Contains(ParameterInjector.ParametersTag));
            Assert.Equal(".net-csharp", notebook.Metadata["kernelspec"]?["name"]?.GetValue<string>());
            Assert.All(notebook.Cells.Where(c => c.IsCode), c => Assert.Empty(c.Outputs)); // committed without outputs
            Assert.All(notebook.Cells.Where(c => c.IsCode), c => Assert.Null(c.ExecutionCount));
            // The first code cell loads the kit the documented way (environment.md), before anything else.
            var first = notebook.Cells.First(c => c.IsCode).Source.Split('\n')[0].Trim();
            Assert.True(first == LoadKitLine, $"{name}: the first code cell must start with {LoadKitLine}, found: {first}");
        }
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public async Task Notebook_SmallRun_NoErrorsAndRecordedValuesWithinTolerance(string name)
    {
        var kit = Path.Combine(Root, "artifacts", "kit", "ResearchKit.dll");
        Assert.True(File.Exists(kit), $"{kit} is missing: the notebooks load the staged kit; run ./kit test or dotnet build -c Release.");
        var expectation = NotebookExpectations.All.Single(e => e.Notebook == name);
        using var folder = new TempFolder("rk-nbtest-");
        var outDir = folder.Path;
        var result = await NotebookRunner.RunAsync(Path.Combine(Root, "notebooks", name),
            new NotebookRunOptions { OutputDirectory = outDir, Parameters = expectation.Parameters, CellTimeout = TimeSpan.FromMinutes(3) });

        var notebook = IpynbReader.Load(result.OutputPath);
        Assert.True(result.Succeeded, $"{name}: {result.Error}");
        Assert.Empty(notebook.ErrorOutputs());
        Assert.Equal("1.0.712001", notebook.Metadata["researchkit"]?["kernel"]?["version"]?.GetValue<string>());
        Assert.Empty(NbformatSchema.Violations(File.ReadAllText(result.OutputPath)));
        Assert.NotEmpty(notebook.OutputsOfType("text/html"));

        var recorded = RecordedResults.Load(result.OutputPath);
        foreach (var v in expectation.Values)
        {
            var actual = recorded.Double(v.Name);
            Assert.True(Math.Abs(actual - v.Expected) <= v.Tolerance,
                $"{name}: {v.Name} = {actual:0.#####}, expected {v.Expected} ± {v.Tolerance}.");
        }
        AssertFiguresDrawInBrowser(notebook, outDir, name);
        foreach (var o in expectation.Orders)
            Assert.True(recorded.Double(o.Better) > recorded.Double(o.Worse),
                $"{name}: expected {o.Better} ({recorded.Double(o.Better):0.####}) > {o.Worse} ({recorded.Double(o.Worse):0.####}).");
    }

    // The notebook's own HTML outputs on one page, with plotly.js present as it is in VS Code after the first
    // figure: every figure fragment must draw its plot (plotly adds a "plot-container" per figure).
    private static void AssertFiguresDrawInBrowser(NotebookDocument notebook, string outDir, string name)
    {
        if (!HeadlessChromium.Available() || HeadlessChromium.PlotlyJs() is not { } plotly) return;
        var html = notebook.OutputsOfType("text/html").ToList();
        var figures = html.Count(h => h.Contains("class=\"researchkit-figure\"", StringComparison.Ordinal));
        var page = Path.Combine(outDir, Path.ChangeExtension(name, ".html"));
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>" + File.ReadAllText(plotly)
            + "</script></head><body>" + string.Join("\n", html) + "</body></html>");
        var dom = HeadlessChromium.DumpDom(page);
        Assert.True(figures > 0, $"{name}: no figure outputs.");
        Assert.Equal(figures, System.Text.RegularExpressions.Regex.Matches(dom, "class=\"plot-container plotly\"").Count);
    }
}
