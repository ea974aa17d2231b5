namespace ResearchKit.Notebooks.Runner;

/// <summary>What to do with code cells in a language other than C#.</summary>
public enum OtherLanguagePolicy
{
    /// <summary>Stop with an error naming the cell (default): results would silently differ from VS Code otherwise.</summary>
    Fail,

    /// <summary>Leave the cell unexecuted, note it in the cell's metadata and the progress, and go on.</summary>
    Skip,
}

/// <summary>Options of <see cref="NotebookRunner"/>.</summary>
public sealed record NotebookRunOptions
{
    /// <summary>Folder the executed notebook is written to (default "out/notebooks"), as &lt;folder&gt;/&lt;notebook file name&gt;.</summary>
    public string OutputDirectory { get; init; } = Path.Combine("out", "notebooks");

    /// <summary>Parameter overrides, name → value text, injected after the <c>parameters</c> cell.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>Longest a single cell may run (default 10 minutes; zero or negative = no limit).</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Non-C# code cells: fail (default) or skip.</summary>
    public OtherLanguagePolicy OtherLanguages { get; init; } = OtherLanguagePolicy.Fail;

    /// <summary>Write trailing-expression values as <c>execute_result</c> (Jupyter) instead of <c>display_data</c> (VS Code, default).</summary>
    public bool ResultsAsExecuteResult { get; init; }

    /// <summary>Assembly paths every cell may use without <c>#r</c> (default none: notebooks load the kit themselves).</summary>
    public IReadOnlyList<string> AdditionalReferences { get; init; } = [];

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory)) throw new ArgumentException($"{nameof(OutputDirectory)} must be a folder path.");
        ArgumentNullException.ThrowIfNull(Parameters, nameof(Parameters));
        if (!Enum.IsDefined(OtherLanguages)) throw new ArgumentException($"{nameof(OtherLanguages)} has an unknown value {OtherLanguages}.");
        foreach (var reference in AdditionalReferences)
            if (!File.Exists(reference)) throw new ArgumentException($"{nameof(AdditionalReferences)}: file not found: {reference}.");
    }
}

/// <summary>What happened to a cell (reported through <see cref="NotebookProgress"/>).</summary>
public enum CellPhase
{
    /// <summary>The cell started.</summary>
    Started,

    /// <summary>The cell finished without error.</summary>
    Succeeded,

    /// <summary>The cell failed; the run stops.</summary>
    Failed,

    /// <summary>The cell was skipped (another language).</summary>
    Skipped,
}

/// <summary>Progress of a run: one report when a code cell starts and one when it ends.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="Cell">1-based cell number among all cells (as an editor shows them).</param>
/// <param name="CellCount">Number of cells.</param>
/// <param name="CellId">The cell's id.</param>
/// <param name="Phase">What happened.</param>
/// <param name="Elapsed">The cell's wall time (zero when it starts).</param>
/// <param name="Message">Error or skip note.</param>
public sealed record NotebookProgress(string Notebook, int Cell, int CellCount, string CellId, CellPhase Phase, TimeSpan Elapsed, string? Message = null);
