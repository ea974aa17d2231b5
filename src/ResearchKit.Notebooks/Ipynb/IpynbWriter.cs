using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ResearchKit.Notebooks.Kernel;
using ResearchKit.Serialization;

namespace ResearchKit.Notebooks.Ipynb;

/// <summary>
/// Writes notebooks as nbformat 4.5 JSON the way Jupyter and VS Code do (one-space indent, sources and text
/// outputs as arrays of lines, JSON mime types as JSON), and converts engine outputs to nbformat outputs.
/// </summary>
public static class IpynbWriter
{
    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep <, >, & readable in HTML outputs
    };

    /// <summary>The notebook as JSON text (ends with a newline).</summary>
    public static string ToJson(NotebookDocument notebook)
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var cells = new JsonArray();
        foreach (var cell in notebook.Cells)
        {
            var c = new JsonObject
            {
                ["cell_type"] = cell.CellType,
                ["id"] = cell.Id,
                ["metadata"] = cell.Metadata.DeepClone(),
                ["source"] = Lines(cell.Source),
            };
            if (cell.Attachments is not null && cell.CellType != "code") c["attachments"] = cell.Attachments.DeepClone();
            if (cell.IsCode)
            {
                c["execution_count"] = cell.ExecutionCount;
                c["outputs"] = new JsonArray(cell.Outputs.Select(o => (JsonNode)o.DeepClone()).ToArray());
            }
            cells.Add(c);
        }
        var root = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = notebook.Metadata.DeepClone(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return root.ToJsonString(Indented) + "\n";
    }

    /// <summary>
    /// Writes <paramref name="notebook"/> to <paramref name="path"/> (UTF-8, no BOM), creating the folder. The file is
    /// written beside the target and renamed over it, so a reader (or a crash) never sees half a notebook.
    /// </summary>
    public static void Save(NotebookDocument notebook, string path) => AtomicFile.WriteAllText(path, ToJson(notebook));

    /// <summary>
    /// One engine output as nbformat JSON. Values of trailing expressions are written as <c>display_data</c>
    /// like VS Code saves them, unless <paramref name="resultsAsExecuteResult"/>.
    /// </summary>
    public static JsonObject ToJson(CellOutput output, int? executionCount, bool resultsAsExecuteResult = false) => output switch
    {
        StreamOutput s => new JsonObject { ["output_type"] = "stream", ["name"] = s.Name, ["text"] = Lines(s.Text) },
        DisplayOutput { IsResult: true } d when resultsAsExecuteResult => new JsonObject
        {
            ["output_type"] = "execute_result",
            ["execution_count"] = executionCount,
            ["data"] = Bundle(d.Data),
            ["metadata"] = new JsonObject(),
        },
        DisplayOutput d => new JsonObject { ["output_type"] = "display_data", ["data"] = Bundle(d.Data), ["metadata"] = new JsonObject() },
        ErrorOutput e => new JsonObject
        {
            ["output_type"] = "error",
            ["ename"] = e.EName,
            ["evalue"] = e.EValue,
            ["traceback"] = new JsonArray(e.Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        },
        _ => throw new ArgumentException($"Unknown output type {output.GetType().Name}.", nameof(output)),
    };

    /// <summary>True for mime types nbformat stores as JSON rather than as text.</summary>
    public static bool IsJsonMime(string mime) =>
        mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);

    private static JsonObject Bundle(IReadOnlyDictionary<string, string> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in data)
        {
            JsonNode? node = null;
            if (IsJsonMime(mime))
            {
                try { node = JsonNode.Parse(value); }
                catch (JsonException) { node = null; }
            }
            bundle[mime] = node ?? Lines(value);
        }
        return bundle;
    }

    /// <summary>A multiline string as nbformat writes it: lines keeping their '\n'.</summary>
    public static JsonArray Lines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            array.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) array.Add(text[start..]);
        return array;
    }
}
