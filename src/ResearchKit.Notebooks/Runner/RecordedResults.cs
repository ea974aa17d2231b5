using System.Globalization;
using System.Text.Json;
using ResearchKit.Notebooks.Ipynb;

namespace ResearchKit.Notebooks.Runner;

/// <summary>
/// The values a notebook recorded with <see cref="Record"/> (mime type <see cref="Record.MimeType"/>), read back
/// from an executed notebook; a later record of the same name wins, as with scrapbook.
/// </summary>
public sealed class RecordedResults
{
    private readonly Dictionary<string, JsonElement> _values;
    private readonly string _source;

    private RecordedResults(Dictionary<string, JsonElement> values, string source)
    {
        _values = values;
        _source = source;
    }

    /// <summary>Recorded names → JSON values.</summary>
    public IReadOnlyDictionary<string, JsonElement> Values => _values;

    /// <summary>Reads the records of the executed notebook at <paramref name="path"/>.</summary>
    public static RecordedResults Load(string path) => From(IpynbReader.Load(path), path);

    /// <summary>Reads the records of <paramref name="notebook"/>.</summary>
    public static RecordedResults From(NotebookDocument notebook, string sourceName = "notebook")
    {
        ArgumentNullException.ThrowIfNull(notebook);
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var json in notebook.OutputsOfType(Record.MimeType))
        {
            using var doc = JsonDocument.Parse(json);
            var name = doc.RootElement.GetProperty("name").GetString()
                ?? throw new NotebookFormatException($"{sourceName}: a {Record.MimeType} output has no name.");
            values[name] = doc.RootElement.GetProperty("value").Clone();
        }
        return new RecordedResults(values, sourceName);
    }

    /// <summary>A recorded number; throws <see cref="KeyNotFoundException"/> listing what was recorded.</summary>
    public double Double(string name)
    {
        var value = Get(name);
        return value.ValueKind == JsonValueKind.String
            ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) // NaN / ±Infinity
            : value.GetDouble();
    }

    /// <summary>A recorded string.</summary>
    public string String(string name) => Get(name).ToString();

    private JsonElement Get(string name) => _values.TryGetValue(name, out var v) ? v
        : throw new KeyNotFoundException($"{_source}: nothing recorded as '{name}'; recorded: {(_values.Count == 0 ? "nothing" : string.Join(", ", _values.Keys))}.");
}
