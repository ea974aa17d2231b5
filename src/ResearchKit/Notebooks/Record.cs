using System.Globalization;
using System.Text.Json;

namespace ResearchKit.Notebooks;

/// <summary>
/// Records named results into a notebook's outputs, like Microsoft Recommenders' <c>store_metadata</c>
/// (scrapbook's <c>glue</c>): each call displays one output with the mime type <see cref="MimeType"/>, whose
/// JSON payload is <c>{"name": ..., "value": ...}</c>. Notebook tests read these back from the executed
/// notebook (<c>ResearchKit.Notebooks.Runner.RecordedResults</c>) and compare them with expected values.
/// </summary>
/// <remarks>
/// In a .NET Interactive kernel (VS Code, Jupyter, <c>kit notebooks</c>) each record is one display with two
/// representations: the JSON payload under <see cref="MimeType"/> (what tests read back) and a text/plain line
/// <c>ndcg@10 = 0.31</c> (what VS Code and Jupyter show, since they have no renderer for the record type). The library
/// does not reference the kernel: it finds the kernel's public types by name among the loaded assemblies, so the
/// same cell also runs outside a notebook, where recording is a no-op that returns false.
/// </remarks>
public static class Record
{
    /// <summary>The dedicated output mime type of recorded values.</summary>
    public const string MimeType = "application/vnd.researchkit.record+json";

    /// <summary>Records a number (non-finite values are stored as the strings "NaN", "Infinity", "-Infinity").</summary>
    /// <returns>True when a notebook host received the value; false outside a notebook.</returns>
    public static bool Value(string name, double value) =>
        Publish(name, double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : JsonSerializer.Serialize(value.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Records a string.</summary>
    /// <returns>True when a notebook host received the value; false outside a notebook.</returns>
    public static bool Value(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return Publish(name, JsonSerializer.Serialize(value));
    }

    /// <summary>Records several numbers, one output each, in the order given (e.g. a metrics dictionary).</summary>
    /// <returns>True when a notebook host received every value.</returns>
    public static bool Values(IEnumerable<KeyValuePair<string, double>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var all = true;
        foreach (var (name, value) in values) all &= Value(name, value);
        return all;
    }

    /// <summary>The JSON payload of one record: <c>{"name":"ndcg@10","value":0.31}</c>.</summary>
    internal static string Payload(string name, string valueJson) =>
        "{\"name\":" + JsonSerializer.Serialize(name) + ",\"value\":" + valueJson + "}";

    private static bool Publish(string name, string valueJson)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return KernelDisplay.Publish(Payload(name, valueJson), MimeType, $"{name} = {PlainText(valueJson)}");
    }

    // What VS Code and Jupyter show: strings as they are, numbers to four significant digits.
    private static string PlainText(string valueJson) =>
        valueJson.Length > 1 && valueJson[0] == '"' ? JsonSerializer.Deserialize<string>(valueJson) ?? valueJson
        : double.TryParse(valueJson, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("G4", CultureInfo.InvariantCulture)
        : valueJson;
}
