using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace ResearchKit.Notebooks;

/// <summary>
/// Records named results into a notebook's outputs, like Microsoft Recommenders' <c>store_metadata</c>
/// (scrapbook's <c>glue</c>): each call displays one output with the mime type <see cref="MimeType"/>, whose
/// JSON payload is <c>{"name": ..., "value": ...}</c>. Notebook tests read these back from the executed
/// notebook (<c>ResearchKit.Notebooks.Runner.RecordedResults</c>) and compare them with expected values.
/// </summary>
/// <remarks>
/// The output goes through whatever notebook host is loaded: the display extension method
/// <c>System.DisplayExtensions.DisplayAs(string, string)</c>, which both dotnet-interactive (VS Code Polyglot
/// Notebooks) and the kit's headless runner define. The library does not reference either host; it finds the
/// method by reflection, so the same notebook cell works in both.
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
        var displayAs = FindHostDisplayAs();
        if (displayAs is null) return false;
        var parameters = displayAs.GetParameters();
        var args = new object?[parameters.Length];
        args[0] = Payload(name, valueJson);
        args[1] = MimeType;
        // Newer dotnet-interactive versions take extra mime types as a params array.
        for (var i = 2; i < args.Length; i++)
            args[i] = parameters[i].ParameterType.IsArray ? Array.CreateInstance(parameters[i].ParameterType.GetElementType()!, 0) : null;
        displayAs.Invoke(null, args);
        return true;
    }

    // Last loaded wins: a host loaded after another (unusual) is the active one.
    private static MethodInfo? FindHostDisplayAs()
    {
        MethodInfo? found = null;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (assembly.IsDynamic) continue;
            var type = assembly.GetType("System.DisplayExtensions", throwOnError: false);
            var method = type?.GetMethods(BindingFlags.Public | BindingFlags.Static).FirstOrDefault(m =>
                m.Name == "DisplayAs" && m.GetParameters() is { Length: >= 2 } p
                && p[0].ParameterType == typeof(string) && p[1].ParameterType == typeof(string));
            if (method is not null) found = method;
        }
        return found;
    }
}
