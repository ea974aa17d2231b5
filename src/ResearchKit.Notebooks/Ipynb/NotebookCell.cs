using System.Text.Json.Nodes;

namespace ResearchKit.Notebooks.Ipynb;

/// <summary>
/// One cell of an .ipynb file. Metadata (including <c>dotnet_interactive</c>, <c>polyglot_notebook</c>, <c>vscode</c>
/// and tags) is kept as JSON so that everything the editor wrote survives a run.
/// </summary>
public sealed class NotebookCell
{
    /// <summary>Creates a cell.</summary>
    public NotebookCell(string id, string cellType, string source, JsonObject? metadata = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(cellType);
        Id = id;
        CellType = cellType;
        Source = source ?? "";
        Metadata = metadata ?? [];
    }

    /// <summary>The nbformat 4.5 cell id (1–64 characters of <c>[a-zA-Z0-9-_]</c>).</summary>
    public string Id { get; }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType { get; }

    /// <summary>True for code cells.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's text, lines joined with '\n'.</summary>
    public string Source { get; set; }

    /// <summary>The cell metadata as written by the editor.</summary>
    public JsonObject Metadata { get; }

    /// <summary>Outputs in nbformat 4 JSON form (code cells only).</summary>
    public List<JsonObject> Outputs { get; } = [];

    /// <summary>The execution count (code cells only; null when not run).</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Markdown attachments, passed through unchanged.</summary>
    public JsonObject? Attachments { get; set; }

    /// <summary>The cell's tags (<c>metadata.tags</c>), e.g. "parameters".</summary>
    public IReadOnlyList<string> Tags =>
        Metadata["tags"] is JsonArray tags ? tags.Select(t => t?.GetValue<string>() ?? "").ToList() : [];

    /// <summary>Creates a C# code cell with the metadata VS Code's Polyglot Notebooks writes.</summary>
    public static NotebookCell CSharp(string id, string source, params string[] tags)
    {
        var metadata = new JsonObject
        {
            ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        };
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
        return new NotebookCell(id, "code", source, metadata);
    }

    /// <summary>Creates a markdown cell.</summary>
    public static NotebookCell Markdown(string id, string source) => new(id, "markdown", source);

    /// <summary>
    /// The kernel this code cell runs in: a leading <c>#!lang</c> magic wins, then <c>polyglot_notebook.kernelName</c>,
    /// then <c>dotnet_interactive.language</c>, then <paramref name="defaultKernel"/>. Names are normalised
    /// (C# → "csharp", F# → "fsharp", PowerShell → "pwsh").
    /// </summary>
    public string Language(string defaultKernel = "csharp")
    {
        var firstLine = Source.TrimStart().Split('\n', 2)[0].Trim();
        if (firstLine.StartsWith("#!", StringComparison.Ordinal) && Normalise(firstLine[2..].Split(' ', 2)[0]) is { } magic && KnownKernels.Contains(magic))
            return magic;
        var fromMetadata = (Metadata["polyglot_notebook"] as JsonObject)?["kernelName"]?.GetValue<string>()
            ?? (Metadata["dotnet_interactive"] as JsonObject)?["language"]?.GetValue<string>();
        return Normalise(fromMetadata ?? defaultKernel);
    }

    private static readonly HashSet<string> KnownKernels =
        ["csharp", "fsharp", "pwsh", "javascript", "html", "markdown", "sql", "kql", "mermaid", "http", "python", "value"];

    private static string Normalise(string name) => name.ToLowerInvariant() switch
    {
        "c#" or "cs" or "csharp" => "csharp",
        "f#" or "fs" or "fsharp" => "fsharp",
        "powershell" or "pwsh" => "pwsh",
        "js" or "javascript" => "javascript",
        "md" or "markdown" => "markdown",
        var other => other,
    };
}
