namespace ResearchKit.Notebooks.Runner;

/// <summary>The outcome of running one notebook.</summary>
/// <param name="SourcePath">The notebook that was run (never modified).</param>
/// <param name="OutputPath">Where the executed notebook was written.</param>
/// <param name="Succeeded">True when every code cell ran without error.</param>
/// <param name="FailedCell">1-based number of the failing cell (null on success).</param>
/// <param name="Error">"cell N (id X): message" for the failure (null on success).</param>
/// <param name="CellSeconds">Wall time per executed code cell: (cell number, seconds).</param>
/// <param name="TotalSeconds">Wall time of the whole run.</param>
public sealed record NotebookRunResult(
    string SourcePath,
    string OutputPath,
    bool Succeeded,
    int? FailedCell,
    string? Error,
    IReadOnlyList<(int Cell, double Seconds)> CellSeconds,
    double TotalSeconds);
