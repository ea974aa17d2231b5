using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// User attributes from a <see cref="UserTable"/>: each categorical column one-hot over its most frequent levels
/// (<c>attr:gender=F</c>; missing or rarer levels are all zeros), each numeric column passed through as
/// <c>attr:age</c> (NaN stays missing). Columns are taken in ordinal name order so the layout is deterministic.
/// </summary>
internal static class UserAttributeEncoding
{
    public static void Append(ColumnAccumulator acc, UserTable table, int userCount, int maxLevels)
    {
        var rows = Math.Min(userCount, table.Count);
        var categorical = new List<string>(table.CategoricalColumns);
        categorical.Sort(StringComparer.Ordinal);
        foreach (var name in categorical)
        {
            var values = table.Categorical(name);
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var u = 0; u < rows; u++)
                if (values[u] is { } v) counts[v] = counts.GetValueOrDefault(v) + 1;
            var levels = new List<KeyValuePair<string, int>>(counts);
            levels.Sort((a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
            if (levels.Count > maxLevels) levels.RemoveRange(maxLevels, levels.Count - maxLevels);
            levels.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var (level, _) in levels)
            {
                var col = acc.AddNew($"attr:{name}={level}");
                for (var u = 0; u < rows; u++) if (values[u] == level) col[u] = 1f;
            }
        }
        var numeric = new List<string>(table.NumericColumns);
        numeric.Sort(StringComparer.Ordinal);
        foreach (var name in numeric)
        {
            var values = table.Numeric(name);
            var col = acc.AddNew("attr:" + name);
            for (var u = 0; u < userCount; u++) col[u] = u < rows ? values[u] : float.NaN;
        }
    }
}
