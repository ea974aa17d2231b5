namespace ResearchKit.Data.DuckDb;

/// <summary>
/// One-call SQL over files through DuckDB, e.g.
/// <c>Sql.Query("SELECT item, count(*) AS n FROM read_csv('data/sample/shop_events.csv') GROUP BY item ORDER BY n DESC LIMIT 10")</c>
/// or <c>Sql.Query("SELECT * FROM 'ratings.parquet' LIMIT 5")</c>. Each call uses a fresh in-memory database;
/// use <see cref="DuckDbConnection"/> to keep tables between statements.
/// </summary>
public static class Sql
{
    /// <summary>Runs <paramref name="sql"/> and returns its columns by name.</summary>
    public static SqlTable Query(string sql, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        using var db = new DuckDbConnection();
        return db.Query(sql, ct);
    }

    /// <summary>Runs a statement for its effect, e.g. <c>COPY (SELECT ...) TO 'out.parquet' (FORMAT PARQUET)</c>.</summary>
    public static void Execute(string sql)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        using var db = new DuckDbConnection();
        db.Execute(sql);
    }

    /// <summary>Converts a CSV file (with header) to Parquet, e.g. a recommendations file written by <c>kit experiment --recs-out</c>.</summary>
    public static void CsvToParquet(string csvPath, string parquetPath)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"{csvPath}: file not found.", csvPath);
        Execute($"COPY (SELECT * FROM read_csv({DuckDbConnection.Literal(csvPath)}, header = true)) TO {DuckDbConnection.Literal(parquetPath)} (FORMAT PARQUET)");
    }
}
