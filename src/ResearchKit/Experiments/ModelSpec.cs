namespace ResearchKit.Experiments;

/// <summary>
/// A model named with parameters, as written on the command line and in notebooks:
/// <c>als(factors=64,iterations=15)</c>. Lists are comma-separated at the top level:
/// <c>pop,als(factors=64),bpr</c>. Parameter values may themselves be specs, joined by '+' for fusions:
/// <c>blend(models=als(factors=128)+ease(reg=500),weights=1+0.5)</c>.
/// </summary>
/// <param name="Name">Model name, lower case (e.g. "als").</param>
/// <param name="Parameters">Parameter values as written, by name (case-insensitive; the keys keep the user's spelling).</param>
public sealed record ModelSpec(string Name, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>The model name as the user typed it (for error messages); defaults to <see cref="Name"/>.</summary>
    public string TypedName { get => field ?? Name; init; }

    /// <summary>Parses one spec such as <c>bpr(factors=64,lr=0.05)</c> or <c>blend(models=als+ease(reg=500))</c>.</summary>
    public static ModelSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var s = text.Trim();
        if (s.Length == 0) throw new FormatException("Empty model spec; expected NAME or NAME(key=value,...).");
        var open = s.IndexOf('(', StringComparison.Ordinal);
        var typed = (open < 0 ? s : s[..open]).Trim();
        var name = typed.ToLowerInvariant();
        if (name.Length == 0 || !name.All(c => char.IsLetterOrDigit(c) || c is '-' or '_'))
            throw new FormatException($"Model spec '{text}': bad model name '{typed}'; expected letters, digits, '-' or '_'.");
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (open >= 0)
        {
            if (!s.EndsWith(')'))
                throw new FormatException($"Model spec '{text}': missing ')' at the end.");
            var body = s[(open + 1)..^1];
            foreach (var part in SplitTopLevel(body, ',', text))
            {
                var eq = part.IndexOf('=', StringComparison.Ordinal);
                var paren = part.IndexOf('(', StringComparison.Ordinal);
                if (eq <= 0 || eq == part.Length - 1 || (paren >= 0 && paren < eq))
                    throw new FormatException($"Model spec '{text}': parameter '{part}' is not key=value.");
                var key = part[..eq].Trim();
                if (!parameters.TryAdd(key, part[(eq + 1)..].Trim()))
                    throw new FormatException($"Model spec '{text}': parameter '{key}' is given twice.");
            }
        }
        return new ModelSpec(name, parameters) { TypedName = typed };
    }

    /// <summary>Parses a comma-separated list, splitting only at commas outside parentheses.</summary>
    public static IReadOnlyList<ModelSpec> ParseList(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = SplitTopLevel(text, ',', text).Select(Parse).ToList();
        if (result.Count == 0) throw new FormatException("Model list is empty; expected e.g. pop,als,bpr.");
        return result;
    }

    /// <summary>
    /// Parses a fusion's member list, specs joined by '+' outside parentheses: <c>als(factors=128)+ease</c>.
    /// </summary>
    public static IReadOnlyList<ModelSpec> ParseMembers(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SplitTopLevel(text, '+', text).Select(Parse).ToList();
    }

    /// <summary>
    /// Splits <paramref name="text"/> at <paramref name="separator"/> where no parenthesis is open, dropping
    /// empty pieces; unbalanced parentheses are a <see cref="FormatException"/> quoting <paramref name="whole"/>.
    /// </summary>
    private static List<string> SplitTopLevel(string text, char separator, string whole)
    {
        var pieces = new List<string>();
        var depth = 0; var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == separator && depth == 0))
            {
                var piece = text[start..i].Trim();
                if (piece.Length > 0) pieces.Add(piece);
                start = i + 1;
                continue;
            }
            if (text[i] == '(') depth++;
            else if (text[i] == ')' && --depth < 0)
                throw new FormatException($"Model spec '{whole}': unbalanced ')' at position {i + 1} of '{text}'.");
        }
        if (depth != 0) throw new FormatException($"Model spec '{whole}': unbalanced '(' in '{text}'.");
        return pieces;
    }

    /// <inheritdoc />
    public override string ToString() =>
        Parameters.Count == 0 ? Name : $"{Name}({string.Join(",", Parameters.Select(p => $"{p.Key}={p.Value}"))})";
}
