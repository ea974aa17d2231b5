namespace ResearchKit.Experiments;

/// <summary>
/// "Did you mean …?" for misspelt names (models, parameters): the known name closest to what was typed by edit
/// distance (Levenshtein 1966: insertions, deletions and substitutions, each costing 1), case-insensitive.
/// </summary>
public static class NameSuggestions
{
    /// <summary>
    /// The known name nearest to <paramref name="typed"/>, or null when none is close: a suggestion needs a distance
    /// of at most 2 and less than half the typed length (so "x" does not suggest "ucb").
    /// </summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var name in known.Order(StringComparer.Ordinal))   // ties go to the first name alphabetically
        {
            var d = Distance(typed.ToLowerInvariant(), name.ToLowerInvariant());
            if (d < bestDistance) (best, bestDistance) = (name, d);
        }
        return best is not null && bestDistance > 0 && bestDistance <= 2 && 2 * bestDistance < typed.Length ? best : null;
    }

    /// <summary>" (did you mean NAME?)", or "" when no known name is close.</summary>
    public static string Hint(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } name ? $" (did you mean {name}?)" : "";

    /// <summary>Levenshtein distance between <paramref name="a"/> and <paramref name="b"/> (two-row dynamic programme).</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitute, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
