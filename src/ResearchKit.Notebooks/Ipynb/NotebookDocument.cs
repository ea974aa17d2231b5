using System.Text.Json.Nodes;

namespace ResearchKit.Notebooks.Ipynb;

/// <summary>
/// An nbformat 4 notebook in memory: notebook metadata (kernelspec, language_info, polyglot_notebook, kept as
/// JSON) and cells. Read with <see cref="IpynbReader"/>, written with <see cref="IpynbWriter"/> as nbformat 4.5.
/// </summary>
public sealed class NotebookDocument
{
    /// <summary>Creates a notebook from its parts.</summary>
    public NotebookDocument(JsonObject metadata, IEnumerable<NotebookCell> cells)
    {
        Metadata = metadata ?? throw new ArgumentNullException(nameof(metadata));
        Cells = [.. cells];
    }

    /// <summary>Notebook metadata.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; }

    /// <summary>The default kernel of code cells (<c>polyglot_notebook.kernelInfo.defaultKernelName</c>, else "csharp").</summary>
    public string DefaultKernel =>
        ((Metadata["polyglot_notebook"] as JsonObject)?["kernelInfo"] as JsonObject)?["defaultKernelName"]?.GetValue<string>() ?? "csharp";

    /// <summary>An empty C# notebook with the metadata VS Code's Polyglot Notebooks writes.</summary>
    public static NotebookDocument CreatePolyglot(IEnumerable<NotebookCell> cells) => new(PolyglotMetadata(), cells);

    /// <summary>Notebook metadata as VS Code Polyglot Notebooks writes it for a C# notebook.</summary>
    public static JsonObject PolyglotMetadata() => new()
    {
        ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };

    /// <summary>Every error output: (1-based cell number, cell id, evalue).</summary>
    public IReadOnlyList<(int Cell, string Id, string Message)> ErrorOutputs()
    {
        var errors = new List<(int, string, string)>();
        for (var i = 0; i < Cells.Count; i++)
            foreach (var output in Cells[i].Outputs)
                if (output["output_type"]?.GetValue<string>() == "error")
                    errors.Add((i + 1, Cells[i].Id, output["evalue"]?.GetValue<string>() ?? ""));
        return errors;
    }

    /// <summary>
    /// The text of every output with mime type <paramref name="mimeType"/> (JSON mime types as compact JSON), in order.
    /// </summary>
    public IEnumerable<string> OutputsOfType(string mimeType)
    {
        foreach (var cell in Cells)
            foreach (var output in cell.Outputs)
                if ((output["data"] as JsonObject)?[mimeType] is { } data)
                    yield return data is JsonArray lines ? string.Concat(lines.Select(l => l?.GetValue<string>())) :
                        data is JsonValue v && v.TryGetValue<string>(out var s) ? s : data.ToJsonString();
    }
}
