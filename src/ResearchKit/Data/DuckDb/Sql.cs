using DuckDB.NET.Data;

namespace ResearchKit.Data.DuckDb;

/// <summary>An error reported by DuckDB, with the statement that caused it (the provider's exception is the inner one).</summary>
public sealed class SqlQueryException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// SQL over files through DuckDB's ADO.NET provider (DuckDB.NET, native library included), e.g.
/// <c>Sql.Query("SELECT item, count(*) AS n FROM read_csv('data/sample/shop_events.csv') GROUP BY item ORDER BY n DESC LIMIT 10")</c>
/// or <c>Sql.Query("SELECT * FROM 'ratings.parquet' LIMIT 5")</c> (also <c>read_json</c>). Each one-call method uses a
/// fresh in-memory database; <see cref="Open"/> gives a connection that keeps tables between statements, and the
/// overloads taking one run on it. Anything ADO.NET does (parameters, readers) works on that connection directly.
/// </summary>
public static class Sql
{
    /// <summary>Opens an in-memory DuckDB database (or the database file <paramref name="path"/>); dispose it.</summary>
    public static DuckDBConnection Open(string? path = null)
    {
        var connection = new DuckDBConnection($"DataSource={path ?? ":memory:"}");
        try { connection.Open(); }
        catch { connection.Dispose(); throw; }
        return connection;
    }

    /// <summary>The DuckDB library version (e.g. "v1.4.1").</summary>
    public static string Version
    {
        get
        {
            using var db = Open();
            return Query(db, "SELECT version() AS v")["v"].GetString(0) ?? "?";
        }
    }

    /// <summary>Runs <paramref name="sql"/> and returns its columns by name.</summary>
    public static SqlTable Query(string sql, CancellationToken ct = default)
    {
        using var db = Open();
        return Query(db, sql, ct);
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="connection"/> and returns its columns by name.</summary>
    public static SqlTable Query(DuckDBConnection connection, string sql, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return Run(sql, () =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            return SqlResultReader.Read(reader, sql, ct);
        });
    }

    /// <summary>Runs a statement for its effect, e.g. <c>COPY (SELECT ...) TO 'out.parquet' (FORMAT PARQUET)</c>.</summary>
    public static void Execute(string sql)
    {
        using var db = Open();
        Execute(db, sql);
    }

    /// <summary>Runs a statement for its effect on <paramref name="connection"/>; returns the rows it changed (INSERT, UPDATE, DELETE).</summary>
    public static int Execute(DuckDBConnection connection, string sql)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        return Run(sql, () =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        });
    }

    /// <summary>Converts a CSV file (with header) to Parquet, e.g. a recommendations file written by <c>kit experiment --recs-out</c>.</summary>
    public static void CsvToParquet(string csvPath, string parquetPath)
    {
        if (!File.Exists(csvPath)) throw new FileNotFoundException($"{csvPath}: file not found.", csvPath);
        Execute($"COPY (SELECT * FROM read_csv({Literal(csvPath)}, header = true)) TO {Literal(parquetPath)} (FORMAT PARQUET)");
    }

    /// <summary>Quotes text as a SQL string literal ('it''s').</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>Quotes a name as a SQL identifier ("my ""col""").</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static T Run<T>(string sql, Func<T> action)
    {
        try { return action(); }
        catch (DuckDBException e)
        {
            throw new SqlQueryException($"DuckDB: {e.Message}\n  in: {(sql.Length > 300 ? sql[..300] + "…" : sql)}", e);
        }
    }
}
