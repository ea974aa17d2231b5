using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ResearchKit.Notebooks.Engine;
using ResearchKit.Notebooks.Ipynb;

namespace ResearchKit.Notebooks.Runner;

/// <summary>
/// Executes a Polyglot notebook headlessly, like papermill or <c>jupyter nbconvert --execute</c>: reads the .ipynb,
/// injects parameter overrides, runs the C# cells in order in one <see cref="CSharpKernel"/> rooted at the
/// notebook's folder, and writes the executed notebook (outputs, execution counts, per-cell duration in
/// <c>metadata.researchkit</c>) to the output folder. On a failing cell the notebook is still written with
/// everything up to the failure; later cells are left unexecuted. The source file is never modified.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Runs <paramref name="notebookPath"/>; see the class summary.</summary>
    public static async Task<NotebookRunResult> RunAsync(string notebookPath, NotebookRunOptions? options = null,
        IProgress<NotebookProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new NotebookRunOptions();
        options.Validate();
        var source = Path.GetFullPath(notebookPath);
        var name = Path.GetFileName(source);
        var output = Path.GetFullPath(Path.Combine(options.OutputDirectory, name));
        if (string.Equals(source, output, StringComparison.Ordinal))
            throw new ArgumentException($"The output folder {options.OutputDirectory} is the notebook's own folder; the runner never overwrites a source notebook.");

        var clock = Stopwatch.StartNew();
        var notebook = IpynbReader.Load(source);
        ParameterInjector.Inject(notebook, options.Parameters, name);
        var kernel = new CSharpKernel(Path.GetDirectoryName(source), options.AdditionalReferences);
        var timings = new List<(int, double)>();
        int? failedCell = null;
        string? error = null;
        var executionCount = 0;

        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (!cell.IsCode) continue;
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            var number = i + 1;
            if (failedCell is not null) { SetStatus(cell, "not-run", null); continue; }

            var language = cell.Language(notebook.DefaultKernel);
            if (language != "csharp")
            {
                var note = $"cell {number} (id {cell.Id}) is a '{language}' cell; the headless runner runs C# only";
                if (options.OtherLanguages == OtherLanguagePolicy.Skip)
                {
                    SetStatus(cell, "skipped", null, note + " (skipped)");
                    progress?.Report(new NotebookProgress(name, number, notebook.Cells.Count, cell.Id, CellPhase.Skipped, TimeSpan.Zero, note));
                    continue;
                }
                failedCell = number;
                error = note + " (run with the skip option to leave it out).";
                cell.Outputs.Add(IpynbWriter.ToJson(new ErrorOutput("Error", error, [error]), null));
                SetStatus(cell, "failed", null);
                progress?.Report(new NotebookProgress(name, number, notebook.Cells.Count, cell.Id, CellPhase.Failed, TimeSpan.Zero, error));
                continue;
            }

            progress?.Report(new NotebookProgress(name, number, notebook.Cells.Count, cell.Id, CellPhase.Started, TimeSpan.Zero));
            var result = await kernel.SubmitAsync(cell.Source, $"cell {number}", options.CellTimeout, ct).ConfigureAwait(false);
            cell.ExecutionCount = ++executionCount;
            foreach (var o in result.Outputs) cell.Outputs.Add(IpynbWriter.ToJson(o, cell.ExecutionCount, options.ResultsAsExecuteResult));
            timings.Add((number, result.Duration.TotalSeconds));
            SetStatus(cell, result.Succeeded ? "succeeded" : "failed", result.Duration.TotalSeconds);
            if (!result.Succeeded)
            {
                failedCell = number;
                error = $"cell {number} (id {cell.Id}): {result.Error}";
            }
            progress?.Report(new NotebookProgress(name, number, notebook.Cells.Count, cell.Id,
                result.Succeeded ? CellPhase.Succeeded : CellPhase.Failed, result.Duration, error));
        }

        clock.Stop();
        notebook.Metadata["researchkit"] = new JsonObject
        {
            ["runner"] = "ResearchKit.Notebooks",
            ["executed_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["duration_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
            ["parameters"] = new JsonObject(options.Parameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
            ["status"] = failedCell is null ? "succeeded" : "failed",
            ["failed_cell"] = failedCell,
        };
        IpynbWriter.Save(notebook, output);
        return new NotebookRunResult(source, output, failedCell is null, failedCell, error, timings, clock.Elapsed.TotalSeconds);
    }

    private static void SetStatus(NotebookCell cell, string status, double? seconds, string? note = null)
    {
        var meta = new JsonObject { ["status"] = status };
        if (seconds is { } s) meta["duration_seconds"] = Math.Round(s, 4);
        if (note is not null) meta["note"] = note;
        cell.Metadata["researchkit"] = meta;
    }
}
