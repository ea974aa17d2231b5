using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ResearchKit.Notebooks.Ipynb;

/// <summary>
/// Reads .ipynb files (nbformat 4, any minor version) as VS Code and Jupyter write them. Cells without an id
/// (nbformat &lt; 4.5) get one derived from their position, so the notebook can be written as 4.5.
/// </summary>
public static partial class IpynbReader
{
    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Notebook not found: {path}", path);
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses notebook JSON; <paramref name="sourceName"/> names it in errors.</summary>
    public static NotebookDocument Parse(string json, string sourceName = "notebook")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new NotebookFormatException($"{sourceName}: the top level is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{sourceName}: not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }
        var major = root["nbformat"] is JsonValue f && f.TryGetValue<int>(out var m) ? m : -1;
        if (major != 4)
            throw new NotebookFormatException($"{sourceName}: field 'nbformat' must be 4 (nbformat 4 notebooks only), got {root["nbformat"]?.ToJsonString() ?? "nothing"}.");
        if (root["cells"] is not JsonArray cellsJson)
            throw new NotebookFormatException($"{sourceName}: field 'cells' (an array) is missing.");
        var metadata = root["metadata"] as JsonObject ?? [];
        var cells = new List<NotebookCell>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cellsJson.Count; i++)
        {
            var where = $"{sourceName}: cell {i + 1}";
            if (cellsJson[i] is not JsonObject c) throw new NotebookFormatException($"{where} is not a JSON object.");
            var type = c["cell_type"]?.GetValue<string>() ?? throw new NotebookFormatException($"{where}: field 'cell_type' is missing.");
            if (type is not ("code" or "markdown" or "raw"))
                throw new NotebookFormatException($"{where}: field 'cell_type' must be code, markdown or raw, got '{type}'.");
            var id = c["id"]?.GetValue<string>() ?? $"cell-{i + 1}";
            if (!CellId().IsMatch(id)) throw new NotebookFormatException($"{where}: field 'id' must be 1-64 characters of [a-zA-Z0-9-_], got '{id}'.");
            if (!ids.Add(id)) throw new NotebookFormatException($"{where}: cell id '{id}' is used twice.");
            var cell = new NotebookCell(id, type, ReadMultiline(c["source"], $"{where}: field 'source'"),
                (c["metadata"] as JsonObject)?.DeepClone() as JsonObject);
            if (c["attachments"] is JsonObject attachments) cell.Attachments = (JsonObject)attachments.DeepClone();
            if (type == "code")
            {
                cell.ExecutionCount = c["execution_count"] is JsonValue n && n.TryGetValue<int>(out var count) ? count : null;
                if (c["outputs"] is JsonArray outputs)
                    cell.Outputs.AddRange(outputs.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()));
            }
            cells.Add(cell);
        }
        return new NotebookDocument((JsonObject)metadata.DeepClone(), cells);
    }

    /// <summary>nbformat's multiline string: a string or an array of strings (lines keeping their '\n').</summary>
    internal static string ReadMultiline(JsonNode? node, string what) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => throw new NotebookFormatException($"{what} must be a string or an array of strings."),
    };

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex CellId();
}
