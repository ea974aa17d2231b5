using System.Text.Json.Nodes;

namespace ResearchKit.Notebooks.Kernel;

/// <summary>
/// Turns the kernel's events for one cell into Jupyter outputs, as VS Code does when it saves a notebook: standard
/// output and error become streams (consecutive writes merged), displayed values and return values become mime
/// bundles, and an updated display (<c>DisplayedValueUpdated</c>, e.g. a package-install progress) replaces the
/// output it updates. Formatted values the kernel marks <c>suppressDisplay</c> are left out.
/// </summary>
internal sealed class KernelOutputs
{
    private readonly List<CellOutput> _items = [];
    private readonly Dictionary<string, int> _byValueId = new(StringComparer.Ordinal);

    public IReadOnlyList<CellOutput> Items => _items;

    public void Add(CellOutput output) => _items.Add(output);

    public void Apply(string? eventType, JsonObject? e)
    {
        if (e is null) return;
        switch (eventType)
        {
            case "StandardOutputValueProduced": AddStream("stdout", Text(e)); break;
            case "StandardErrorValueProduced": AddStream("stderr", Text(e)); break;
            case "ErrorProduced": AddStream("stderr", e["message"]?.GetValue<string>() ?? Text(e)); break;
            case "ReturnValueProduced": AddDisplay(e, isResult: true); break;
            case "DisplayedValueProduced": AddDisplay(e, isResult: false); break;
            case "DisplayedValueUpdated": Update(e); break;
        }
    }

    private void AddStream(string name, string text)
    {
        if (text.Length == 0) return;
        if (_items.Count > 0 && _items[^1] is StreamOutput last && last.Name == name)
            _items[^1] = last with { Text = last.Text + text };
        else
            _items.Add(new StreamOutput(name, text));
    }

    private void AddDisplay(JsonObject e, bool isResult)
    {
        var data = Bundle(e);
        if (data.Count == 0) return;
        if (e["valueId"]?.GetValue<string>() is { } id) _byValueId[id] = _items.Count;
        _items.Add(new DisplayOutput(data, isResult));
    }

    private void Update(JsonObject e)
    {
        var data = Bundle(e);
        if (e["valueId"]?.GetValue<string>() is { } id && _byValueId.TryGetValue(id, out var index) && _items[index] is DisplayOutput old)
            _items[index] = old with { Data = data };
        else if (data.Count > 0)
            AddDisplay(e, isResult: false);
    }

    private static Dictionary<string, string> Bundle(JsonObject e)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (e["formattedValues"] is not JsonArray values) return data;
        foreach (var v in values)
        {
            if (v is null || v["suppressDisplay"]?.GetValue<bool>() == true) continue;
            if (v["mimeType"]?.GetValue<string>() is { } mime) data[mime] = v["value"]?.GetValue<string>() ?? "";
        }
        return data;
    }

    private static string Text(JsonObject e) =>
        (e["formattedValues"] as JsonArray)?.Select(v => v?["value"]?.GetValue<string>()).FirstOrDefault(s => s is not null) ?? "";
}
