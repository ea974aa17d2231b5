using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ResearchKit.Notebooks.Tests.Ipynb;

/// <summary>
/// The structural rules of the nbformat 4.5 JSON schema (jupyter/nbformat, nbformat.v4.5.schema.json) that a
/// written notebook must satisfy: required keys, no extra keys where the schema forbids them, types, cell ids,
/// output shapes and mime bundles. Returns every violation with its JSON path. (CI has no pip, so this is the
/// check that always runs.)
/// </summary>
internal static partial class NbformatSchema
{
    public static IReadOnlyList<string> Violations(string json)
    {
        var errors = new List<string>();
        if (JsonNode.Parse(json) is not JsonObject root) return ["$: not an object"];
        Keys(root, "$", ["metadata", "nbformat_minor", "nbformat", "cells"], ["metadata", "nbformat_minor", "nbformat", "cells"], errors);
        if (root["nbformat"]?.GetValue<int>() != 4) errors.Add("$.nbformat: must be 4");
        if (root["nbformat_minor"] is not JsonValue minor || minor.GetValue<int>() < 5) errors.Add("$.nbformat_minor: must be >= 5 for cell ids");
        if (root["metadata"] is JsonObject meta)
        {
            if (meta["kernelspec"] is JsonObject ks)
                foreach (var k in new[] { "name", "display_name" })
                    if (ks[k] is not JsonValue v || !v.TryGetValue<string>(out _)) errors.Add($"$.metadata.kernelspec.{k}: required string");
            if (meta["language_info"] is JsonObject li && (li["name"] is not JsonValue n || !n.TryGetValue<string>(out _)))
                errors.Add("$.metadata.language_info.name: required string");
        }
        else errors.Add("$.metadata: must be an object");
        if (root["cells"] is not JsonArray cells) { errors.Add("$.cells: must be an array"); return errors; }
        var ids = new HashSet<string>();
        for (var i = 0; i < cells.Count; i++)
        {
            var path = $"$.cells[{i}]";
            if (cells[i] is not JsonObject cell) { errors.Add($"{path}: not an object"); continue; }
            var type = cell["cell_type"]?.GetValue<string>();
            string[] allowed = type switch
            {
                "code" => ["id", "cell_type", "metadata", "source", "outputs", "execution_count"],
                "markdown" or "raw" => ["id", "cell_type", "metadata", "source", "attachments"],
                _ => [],
            };
            if (allowed.Length == 0) { errors.Add($"{path}.cell_type: unknown '{type}'"); continue; }
            string[] required = type == "code" ? ["id", "cell_type", "metadata", "source", "outputs", "execution_count"] : ["id", "cell_type", "metadata", "source"];
            Keys(cell, path, required, allowed, errors);
            var id = cell["id"] is JsonValue idv && idv.TryGetValue<string>(out var s) ? s : null;
            if (id is null || !CellId().IsMatch(id)) errors.Add($"{path}.id: must match ^[a-zA-Z0-9-_]+$ with 1-64 characters");
            else if (!ids.Add(id)) errors.Add($"{path}.id: duplicate '{id}'");
            if (cell["metadata"] is not JsonObject cm) errors.Add($"{path}.metadata: must be an object");
            else if (cm["tags"] is { } tags && (tags is not JsonArray ta || ta.Any(t => t is not JsonValue tv || !tv.TryGetValue<string>(out var ts) || ts.Contains(','))))
                errors.Add($"{path}.metadata.tags: must be an array of strings without commas");
            Multiline(cell["source"], $"{path}.source", errors);
            if (type != "code") continue;
            if (cell["execution_count"] is { } ec && (ec is not JsonValue ecv || !ecv.TryGetValue<int>(out var n) || n < 0))
                errors.Add($"{path}.execution_count: must be null or a non-negative integer");
            if (cell["outputs"] is not JsonArray outputs) { errors.Add($"{path}.outputs: must be an array"); continue; }
            for (var j = 0; j < outputs.Count; j++) Output(outputs[j] as JsonObject, $"{path}.outputs[{j}]", errors);
        }
        return errors;
    }

    private static void Output(JsonObject? o, string path, List<string> errors)
    {
        if (o is null) { errors.Add($"{path}: not an object"); return; }
        switch (o["output_type"]?.GetValue<string>())
        {
            case "stream":
                Keys(o, path, ["output_type", "name", "text"], ["output_type", "name", "text"], errors);
                Multiline(o["text"], $"{path}.text", errors);
                break;
            case "display_data":
                Keys(o, path, ["output_type", "data", "metadata"], ["output_type", "data", "metadata", "transient"], errors);
                Bundle(o["data"], $"{path}.data", errors);
                break;
            case "execute_result":
                Keys(o, path, ["output_type", "execution_count", "data", "metadata"], ["output_type", "execution_count", "data", "metadata"], errors);
                Bundle(o["data"], $"{path}.data", errors);
                break;
            case "error":
                Keys(o, path, ["output_type", "ename", "evalue", "traceback"], ["output_type", "ename", "evalue", "traceback"], errors);
                if (o["traceback"] is not JsonArray tb || tb.Any(l => l is not JsonValue lv || !lv.TryGetValue<string>(out _)))
                    errors.Add($"{path}.traceback: must be an array of strings");
                break;
            default:
                errors.Add($"{path}.output_type: unknown '{o["output_type"]}'");
                break;
        }
    }

    private static void Bundle(JsonNode? data, string path, List<string> errors)
    {
        if (data is not JsonObject bundle) { errors.Add($"{path}: must be an object"); return; }
        foreach (var (mime, value) in bundle)
        {
            if (!mime.Contains('/')) errors.Add($"{path}['{mime}']: not a mime type");
            var isJson = mime == "application/json" || mime.EndsWith("+json", StringComparison.Ordinal);
            if (!isJson) Multiline(value, $"{path}['{mime}']", errors);
        }
    }

    private static void Multiline(JsonNode? node, string path, List<string> errors)
    {
        var ok = node switch
        {
            JsonValue v => v.TryGetValue<string>(out _),
            JsonArray a => a.All(l => l is JsonValue lv && lv.TryGetValue<string>(out _)),
            _ => false,
        };
        if (!ok) errors.Add($"{path}: must be a string or an array of strings");
    }

    private static void Keys(JsonObject o, string path, string[] required, string[] allowed, List<string> errors)
    {
        foreach (var r in required) if (!o.ContainsKey(r)) errors.Add($"{path}.{r}: required");
        foreach (var (k, _) in o) if (!allowed.Contains(k)) errors.Add($"{path}.{k}: not allowed by the schema");
    }

    [GeneratedRegex("^[a-zA-Z0-9-_]{1,64}$")]
    private static partial Regex CellId();
}
