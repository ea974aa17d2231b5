namespace ResearchKit.Notebooks.Runner;

/// <summary>Options of <see cref="NotebookRunner"/>.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Folder the executed notebook is written to (default "out/notebooks"), as &lt;folder&gt;/&lt;notebook file name&gt;.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("out", "notebooks");

    /// <summary>Parameter overrides, name → value text, injected after the <c>parameters</c> cell.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Longest a single cell may run (default 10 minutes; zero or negative = no limit). A cell past it stops the kernel.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest the kernel may take to start (default 3 minutes; the first start after a restore is the slowest).</summary>
    public TimeSpan KernelStartTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Write trailing-expression values as <c>execute_result</c> (Jupyter) instead of <c>display_data</c> (VS Code, default).</summary>
    public bool ResultsAsExecuteResult { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException($"{nameof(OutputDirectory)} must be a folder path.");
        ArgumentNullException.ThrowIfNull(Parameters, nameof(Parameters));
        if (KernelStartTimeout <= TimeSpan.Zero) throw new ArgumentException($"{nameof(KernelStartTimeout)} must be positive, got {KernelStartTimeout}.");
    }
}

/// <summary>What happened to a cell (reported through <see cref="NotebookProgress"/>).</summary>
public enum CellPhase
{
    /// <summary>The kernel is starting (reported once per notebook, cell 0).</summary>
    KernelStarting,

    /// <summary>The cell started.</summary>
    Started,

    /// <summary>The cell finished without error.</summary>
    Succeeded,

    /// <summary>The cell failed, timed out, lost its kernel or was interrupted; the run stops.</summary>
    Failed,
}

/// <summary>Progress of a run: one report when a code cell starts and one when it ends.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Cell">1-based cell number among all cells (as an editor shows them).</param>
/// <param name="CellCount">Number of cells.</param>
/// <param name="CellId">The cell's id.</param>
/// <param name="Phase">What happened.</param>
/// <param name="Elapsed">The cell's wall time (zero when it starts).</param>
/// <param name="Message">Error text.</param>
public sealed record NotebookProgress(string Notebook, int Cell, int CellCount, string CellId, CellPhase Phase, TimeSpan Elapsed, string? Message = null);
