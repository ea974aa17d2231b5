namespace ResearchKit.Notebooks.Runner;

/// <summary>How a notebook run ended; written as <c>metadata.researchkit.status</c> of the executed notebook.</summary>
public enum NotebookStatus
{
    /// <summary>Every code cell ran without error ("succeeded").</summary>
    Succeeded,

    /// <summary>A cell failed ("failed").</summary>
    Failed,

    /// <summary>A cell ran past its limit and the kernel was stopped ("timed-out").</summary>
    TimedOut,

    /// <summary>The kernel process died while a cell ran ("kernel-died").</summary>
    KernelDied,

    /// <summary>The run was cancelled, e.g. by SIGINT or SIGTERM ("interrupted").</summary>
    Interrupted,
}

/// <summary>The outcome of running one notebook.</summary>
/// <param name="SourcePath">The notebook that was run (never modified).</param>
/// <param name="OutputPath">Where the executed notebook was written.</param>
/// <param name="Status">How the run ended.</param>
/// <param name="FailedCell">1-based number of the cell that stopped the run (null on success).</param>
/// <param name="Error">"cell N (id X): message" for the failure (null on success).</param>
/// <param name="CellSeconds">Wall time per executed code cell: (cell number, seconds).</param>
/// <param name="TotalSeconds">Wall time of the whole run, kernel start included.</param>
/// <param name="KernelStartSeconds">Time the kernel took to start and report ready.</param>
public sealed record NotebookRunResult(
    string SourcePath,
    string OutputPath,
    NotebookStatus Status,
    int? FailedCell,
    string? Error,
    IReadOnlyList<(int Cell, double Seconds)> CellSeconds,
    double TotalSeconds,
    double KernelStartSeconds)
{
    /// <summary>True when every code cell ran without error.</summary>
    public bool Succeeded => Status == NotebookStatus.Succeeded;

    /// <summary>The status as written in the notebook's metadata ("succeeded", "failed", "timed-out", "kernel-died", "interrupted").</summary>
    public static string Text(NotebookStatus status) => status switch
    {
        NotebookStatus.Succeeded => "succeeded",
        NotebookStatus.Failed => "failed",
        NotebookStatus.TimedOut => "timed-out",
        NotebookStatus.KernelDied => "kernel-died",
        _ => "interrupted",
    };
}
