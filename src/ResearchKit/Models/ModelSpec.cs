using System.Globalization;

namespace ResearchKit.Models;

/// <summary>
/// A model named with parameters, as written on the command line and in notebooks:
/// <c>als(factors=64,iterations=15)</c>. Lists are comma-separated at the top level:
/// <c>pop,als(factors=64),bpr</c>.
/// </summary>
/// <param name="Name">Model name, lower case (e.g. "als").</param>
/// <param name="Parameters">Parameter values as written, by name (case-insensitive).</param>
public sealed record ModelSpec(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Parses one spec such as <c>bpr(factors=64,lr=0.05)</c>.</summary>
    public static ModelSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.Length == 0) throw new FormatException("Empty model spec; expected NAME or NAME(key=value,...).");
        var open = s.IndexOf('(', StringComparison.Ordinal);
        var name = (open < 0 ? s : s[..open]).Trim().ToLowerInvariant();
        if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'))
            throw new FormatException($"Model spec '{text}': bad model name '{name}'; expected letters, digits, '-' or '_'.");
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (open >= 0)
        {
            if (!s.EndsWith(')'))
                throw new FormatException($"Model spec '{text}': missing ')' at the end.");
            var body = s[(open + 1)..^1];
            foreach (var part in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0 || eq == part.Length - 1)
                    throw new FormatException($"Model spec '{text}': parameter '{part}' is not key=value.");
                var key = part[..eq].Trim();
                if (!parameters.TryAdd(key, part[(eq + 1)..].Trim()))
                    throw new FormatException($"Model spec '{text}': parameter '{key}' is given twice.");
            }
        }
        return new ModelSpec(name, parameters);
    }

    /// <summary>Parses a comma-separated list, splitting only at commas outside parentheses.</summary>
    public static IReadOnlyList<ModelSpec> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<ModelSpec>();
        var depth = 0; var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ',' && depth == 0))
            {
                var piece = text[start..i];
                if (piece.Trim().Length > 0) result.Add(Parse(piece));
                start = i + 1;
            }
            else if (text[i] == '(') depth++;
            else if (text[i] == ')') depth--;
            if (depth < 0) throw new FormatException($"Model list '{text}': unbalanced ')' at position {i}.");
        }
        if (depth != 0) throw new FormatException($"Model list '{text}': unbalanced '('.");
        if (result.Count == 0) throw new FormatException("Model list is empty; expected e.g. pop,als,bpr.");
        return result;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Parameters.Count == 0 ? Name : $"{Name}({string.Join(",", Parameters.Select(p => $"{p.Key}={p.Value}"))})";
}

/// <summary>
/// Reads typed parameters out of a <see cref="ModelSpec"/>, remembering which were read so that
/// <see cref="EnsureAllUsed"/> can reject unknown names.
/// </summary>
public sealed class ModelParameters
{
    private readonly ModelSpec _spec;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Wraps a spec.</summary>
    public ModelParameters(ModelSpec spec) => _spec = spec ?? throw new ArgumentNullException(nameof(spec));

    /// <summary>An integer parameter, or <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback) => Get(name, fallback, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), "an integer");

    /// <summary>A floating-point parameter, or <paramref name="fallback"/> when absent.</summary>
    public double Double(string name, double fallback) => Get(name, fallback, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), "a number");

    /// <summary>A boolean parameter (true/false/1/0), or <paramref name="fallback"/> when absent.</summary>
    public bool Bool(string name, bool fallback) => Get(name, fallback, s => s switch
    {
        "1" or "true" or "True" or "yes" => true,
        "0" or "false" or "False" or "no" => false,
        _ => throw new FormatException(),
    }, "true or false");

    /// <summary>A text parameter, or <paramref name="fallback"/> when absent.</summary>
    public string String(string name, string fallback) => Get(name, fallback, s => s, "text");

    /// <summary>The values actually read, for reports (name → text as written or default).</summary>
    public Dictionary<string, string> Resolved { get; } = new(StringComparer.OrdinalIgnoreCase);

    private T Get<T>(string name, T fallback, Func<string, T> parse, string expected)
    {
        _used.Add(name);
        if (!_spec.Parameters.TryGetValue(name, out var text))
        {
            Resolved[name] = Convert.ToString(fallback, CultureInfo.InvariantCulture) ?? "";
            return fallback;
        }
        try
        {
            var value = parse(text);
            Resolved[name] = text;
            return value;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new ArgumentException($"Model '{_spec.Name}': parameter '{name}' = '{text}' is not {expected}.", e);
        }
    }

    /// <summary>Throws naming every parameter the model does not know, and the ones it does.</summary>
    public void EnsureAllUsed()
    {
        var unknown = _spec.Parameters.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException(
                $"Model '{_spec.Name}': unknown parameter(s) {string.Join(", ", unknown)}; known: {string.Join(", ", _used.Order(StringComparer.Ordinal))}.");
    }
}
