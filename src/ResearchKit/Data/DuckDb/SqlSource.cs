using DuckDB.NET.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.DuckDb;

/// <summary>
/// A query whose result columns are interactions: <c>user</c> and <c>item</c> (required; any type, read as text),
/// <c>value</c> (optional, numeric; rows are ratings when present, else views with value 1), <c>time</c> or
/// <c>timestamp</c> (optional: TIMESTAMP / DATE, integers as Unix seconds or milliseconds when ≥ 10^11, or text) and
/// <c>kind</c> (optional: view / cart / purchase / rating, or codes 0–3). Names are case-insensitive; rename others
/// with <c>AS</c>, e.g. <c>SELECT userId AS "user", movieId AS item, rating AS value FROM 'ratings.csv'</c>.
/// </summary>
internal sealed class SqlSource
{
    private SqlSource(string query, string user, string item, string? value, string? time, Type? timeType, string? kind)
    {
        Query = query; User = user; Item = item; Value = value; Time = time; TimeType = timeType; Kind = kind;
    }

    public string Query { get; }
    public string User { get; }
    public string Item { get; }
    public string? Value { get; }
    public string? Time { get; }
    public Type? TimeType { get; }
    public string? Kind { get; }

    /// <summary>How errors name the source: the query, shortened.</summary>
    public string Label => "sql:" + (Query.Length > 80 ? Query[..80] + "…" : Query);

    /// <summary>Runs the query with no rows to learn its columns; a clear error when user or item is missing.</summary>
    public static SqlSource Probe(DuckDBConnection db, string query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        query = query.Trim().TrimEnd(';').Trim();
        var columns = Sql.Run(query, () =>
        {
            using var command = db.CreateCommand();
            command.CommandText = $"SELECT * FROM ({query}) AS q LIMIT 0";
            using var reader = command.ExecuteReader();
            return Enumerable.Range(0, reader.FieldCount).Select(c => (Name: reader.GetName(c), Type: reader.GetFieldType(c))).ToArray();
        });
        (string Name, Type Type)? Find(params string[] names)
        {
            foreach (var name in names)
                foreach (var c in columns) if (string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)) return c;
            return null;
        }
        var user = Find("user"); var item = Find("item");
        if (user is null || item is null)
            throw new CsvFormatException("sql:" + (query.Length > 80 ? query[..80] + "…" : query), 0, user is null ? "user" : "item",
                "result columns named user and item (optional: value, time or timestamp, kind); rename with AS, e.g. SELECT uid AS \"user\", ...",
                string.Join(",", columns.Select(c => c.Name)));
        var time = Find("time", "timestamp");
        return new SqlSource(query, user.Value.Name, item.Value.Name, Find("value")?.Name, time?.Name, time?.Type, Find("kind")?.Name);
    }

    /// <summary>
    /// A SELECT list over the query (aliased <c>q</c>) giving <c>u</c>, <c>i</c> (VARCHAR), <c>v</c> (DOUBLE),
    /// <c>t</c> (BIGINT seconds, or VARCHAR when the source's time is text) and <c>k</c> (VARCHAR); absent columns are omitted.
    /// </summary>
    public string NormalizedSelect()
    {
        var select = $"CAST(q.{Sql.Identifier(User)} AS VARCHAR) AS u, CAST(q.{Sql.Identifier(Item)} AS VARCHAR) AS i";
        if (Value is not null) select += $", CAST(q.{Sql.Identifier(Value)} AS DOUBLE) AS v";
        if (Time is not null) select += ", " + TimeExpression(Sql.Identifier(Time)) + " AS t";
        if (Kind is not null) select += $", CAST(q.{Sql.Identifier(Kind)} AS VARCHAR) AS k";
        return select;
    }

    private string TimeExpression(string column)
    {
        if (TimeType == typeof(DateTime) || TimeType == typeof(DateTimeOffset) || TimeType == typeof(DateOnly))
            return $"CAST(epoch(q.{column}) AS BIGINT)";
        if (TimeType == typeof(string)) return $"q.{column}";
        // Integers (and numbers): seconds, or milliseconds when ≥ 10^11 (the CSV loaders' rule).
        return $"CAST(floor(CASE WHEN abs(q.{column}) >= 100000000000 THEN q.{column} / 1000 ELSE q.{column} END) AS BIGINT)";
    }

    /// <summary>Whether <c>t</c> is text that still needs <see cref="TimeParsing"/>.</summary>
    public bool TimeIsText => TimeType == typeof(string);
}
