namespace ResearchKit.Data;

/// <summary>
/// Categorical and numeric user attributes indexed by dense user id (age, gender, occupation, country, ...).
/// Columns are named; missing categorical values are null, missing numeric values NaN.
/// </summary>
public sealed class UserTable
{
    private readonly Dictionary<string, string?[]> _categorical = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float[]> _numeric = new(StringComparer.Ordinal);

    /// <summary>Creates a table for <paramref name="count"/> users with no columns.</summary>
    public UserTable(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
    }

    /// <summary>Number of users.</summary>
    public int Count { get; }

    /// <summary>Names of the categorical columns.</summary>
    public IEnumerable<string> CategoricalColumns => _categorical.Keys;

    /// <summary>Names of the numeric columns.</summary>
    public IEnumerable<string> NumericColumns => _numeric.Keys;

    /// <summary>The categorical column <paramref name="name"/>, created (all null) if absent.</summary>
    public string?[] Categorical(string name)
    {
        if (!_categorical.TryGetValue(name, out var col))
            _categorical[name] = col = new string?[Count];
        return col;
    }

    /// <summary>The numeric column <paramref name="name"/>, created (all NaN) if absent.</summary>
    public float[] Numeric(string name)
    {
        if (!_numeric.TryGetValue(name, out var col))
        {
            col = new float[Count];
            Array.Fill(col, float.NaN);
            _numeric[name] = col;
        }
        return col;
    }

    /// <summary>True when the table has a categorical column of that name.</summary>
    public bool HasCategorical(string name) => _categorical.ContainsKey(name);

    /// <summary>True when the table has a numeric column of that name.</summary>
    public bool HasNumeric(string name) => _numeric.ContainsKey(name);
}
