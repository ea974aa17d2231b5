using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Kernel;

namespace ResearchKit.Notebooks.Runner;

/// <summary>
/// Executes a Polyglot notebook headlessly, like papermill: reads the .ipynb, injects parameter overrides as
/// literals after the cell tagged <c>parameters</c>, starts the pinned .NET Interactive kernel
/// (<see cref="KernelTool"/>) in the notebook's folder, submits the code cells in order, and writes the executed
/// notebook (outputs, execution counts, per-cell duration and status in <c>metadata.researchkit</c>, the kernel's
/// name and version in the notebook's <c>metadata.researchkit.kernel</c>). The runner executes nothing itself.
/// </summary>
/// <remarks>
/// The executed notebook is rewritten (atomically) after every cell, so a crash of the runner itself leaves what ran,
/// marked <c>running</c>. A failing cell, a cell past its time limit (the kernel is stopped), a kernel that dies and a
/// cancelled run (SIGINT/SIGTERM in <c>kit notebooks</c>) all end the run with the notebook written and its status
/// saying which; later cells are left unexecuted. The source file is never modified.
/// </remarks>
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
        foreach (var cell in notebook.Cells.Where(c => c.IsCode)) { cell.Outputs.Clear(); cell.ExecutionCount = null; }
        var folder = Path.GetDirectoryName(source)!;
        var tool = KernelTool.Find(folder);
        var run = new RunState(notebook, options, tool);

        progress?.Report(new NotebookProgress(name, 0, notebook.Cells.Count, "kernel", CellPhase.KernelStarting, TimeSpan.Zero));
        await using var kernel = await KernelSession.StartAsync(tool, folder, options.KernelStartTimeout, ct).ConfigureAwait(false);
        run.Language = kernel.Language;
        run.KernelStartSeconds = clock.Elapsed.TotalSeconds;
        run.Save(output, clock, "running");

        var executionCount = 0;
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (!cell.IsCode) continue;
            var number = i + 1;
            if (run.FailedCell is not null) { SetStatus(cell, "not-run", null); continue; }

            progress?.Report(new NotebookProgress(name, number, notebook.Cells.Count, cell.Id, CellPhase.Started, TimeSpan.Zero));
            var result = await kernel.SubmitAsync(cell.Source, cell.Language(notebook.DefaultKernel), options.CellTimeout, ct).ConfigureAwait(false);
            cell.ExecutionCount = ++executionCount;
            foreach (var o in result.Outputs) cell.Outputs.Add(IpynbWriter.ToJson(o, cell.ExecutionCount, options.ResultsAsExecuteResult));
            run.Timings.Add((number, result.Duration.TotalSeconds));
            SetStatus(cell, CellStatus(result.Outcome), result.Duration.TotalSeconds);
            if (!result.Succeeded)
            {
                run.FailedCell = number;
                run.Status = Status(result.Outcome);
                run.Error = $"cell {number} (id {cell.Id}): {result.Error}";
            }
            progress?.Report(new NotebookProgress(name, number, notebook.Cells.Count, cell.Id,
                result.Succeeded ? CellPhase.Succeeded : CellPhase.Failed, result.Duration, run.Error));
            run.Save(output, clock, run.FailedCell is null ? "running" : NotebookRunResult.Text(run.Status));
        }

        run.Save(output, clock, NotebookRunResult.Text(run.Status));
        return new NotebookRunResult(source, output, run.Status, run.FailedCell, run.Error, run.Timings, clock.Elapsed.TotalSeconds, run.KernelStartSeconds);
    }

    private static NotebookStatus Status(CellOutcome outcome) => outcome switch
    {
        CellOutcome.Succeeded => NotebookStatus.Succeeded,
        CellOutcome.TimedOut => NotebookStatus.TimedOut,
        CellOutcome.KernelExited => NotebookStatus.KernelDied,
        CellOutcome.Cancelled => NotebookStatus.Interrupted,
        _ => NotebookStatus.Failed,
    };

    private static string CellStatus(CellOutcome outcome) => outcome switch
    {
        CellOutcome.Succeeded => "succeeded",
        CellOutcome.TimedOut => "timed-out",
        CellOutcome.KernelExited => "kernel-died",
        CellOutcome.Cancelled => "interrupted",
        _ => "failed",
    };

    private static void SetStatus(NotebookCell cell, string status, double? seconds)
    {
        var meta = new JsonObject { ["status"] = status };
        if (seconds is { } s) meta["duration_seconds"] = Math.Round(s, 4);
        cell.Metadata["researchkit"] = meta;
    }

    private sealed class RunState(NotebookDocument notebook, NotebookRunOptions options, KernelTool tool)
    {
        public List<(int, double)> Timings { get; } = [];
        public int? FailedCell { get; set; }
        public string? Error { get; set; }
        public NotebookStatus Status { get; set; } = NotebookStatus.Succeeded;
        public string? Language { get; set; }
        public double KernelStartSeconds { get; set; }

        public void Save(string path, Stopwatch clock, string status)
        {
            notebook.Metadata["researchkit"] = new JsonObject
            {
                ["runner"] = "ResearchKit.Notebooks",
                ["kernel"] = new JsonObject
                {
                    ["name"] = KernelTool.PackageId,
                    ["version"] = tool.Version,
                    ["language"] = Language,
                },
                ["executed_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["duration_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 3),
                ["kernel_start_seconds"] = Math.Round(KernelStartSeconds, 3),
                ["parameters"] = new JsonObject(options.Parameters.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
                ["status"] = status,
                ["interrupted"] = status is "timed-out" or "kernel-died" or "interrupted",
                ["failed_cell"] = FailedCell,
            };
            IpynbWriter.Save(notebook, path);
        }
    }
}
