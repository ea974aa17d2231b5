using System.Runtime.InteropServices;
using System.Text;
using static ResearchKit.Data.DuckDb.DuckDbNative;

namespace ResearchKit.Data.DuckDb;

/// <summary>An error reported by DuckDB, with the statement that caused it.</summary>
public sealed class DuckDbException(string message) : Exception(message);

/// <summary>
/// A DuckDB database (in memory unless a path is given) with one connection. Not thread-safe; dispose it.
/// DuckDB reads CSV (<c>read_csv('f.csv')</c>), Parquet (<c>read_parquet('f.parquet')</c>) and JSON directly in SQL.
/// </summary>
public sealed class DuckDbConnection : IDisposable
{
    private IntPtr _db, _conn;

    /// <summary>Opens a database (null = in memory).</summary>
    public DuckDbConnection(string? path = null)
    {
        EnsureLoaded();
        if (duckdb_open(path, out _db) != 0) throw new DuckDbException($"DuckDB could not open the database '{path ?? ":memory:"}'.");
        if (duckdb_connect(_db, out _conn) != 0) { duckdb_close(ref _db); throw new DuckDbException("DuckDB could not connect."); }
    }

    /// <summary>The DuckDB library version (e.g. "v1.4.1").</summary>
    public static string Version { get { EnsureLoaded(); return Marshal.PtrToStringUTF8(duckdb_library_version()) ?? "?"; } }

    /// <summary>Runs a statement that returns nothing of interest (CREATE, COPY, INSERT, ...).</summary>
    public void Execute(string sql)
    {
        Run(sql, out var result);
        duckdb_destroy_result(ref result);
    }

    /// <summary>Runs a query and materialises its columns.</summary>
    public SqlTable Query(string sql, CancellationToken ct = default)
    {
        Run(sql, out var result);
        try { return SqlResultReader.Read(ref result, sql, ct); }
        finally { duckdb_destroy_result(ref result); }
    }

    private void Run(string sql, out Result result)
    {
        ObjectDisposedException.ThrowIf(_conn == IntPtr.Zero, this);
        if (duckdb_query(_conn, sql, out result) == 0) return;
        var error = Marshal.PtrToStringUTF8(duckdb_result_error(ref result)) ?? "unknown error";
        duckdb_destroy_result(ref result);
        throw new DuckDbException($"DuckDB: {error}\n  in: {(sql.Length > 300 ? sql[..300] + "…" : sql)}");
    }

    /// <summary>Appends rows to <paramref name="table"/> (which must exist) through DuckDB's appender.</summary>
    internal Appender CreateAppender(string table)
    {
        if (duckdb_appender_create(_conn, null, table, out var appender) != 0)
        {
            var error = Marshal.PtrToStringUTF8(duckdb_appender_error(appender));
            duckdb_appender_destroy(ref appender);
            throw new DuckDbException($"DuckDB could not append to '{table}': {error}");
        }
        return new Appender(appender);
    }

    /// <summary>Quotes text as a SQL string literal ('it''s').</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public void Dispose()
    {
        if (_conn != IntPtr.Zero) duckdb_disconnect(ref _conn);
        if (_db != IntPtr.Zero) duckdb_close(ref _db);
        _conn = _db = IntPtr.Zero;
    }

    /// <summary>A row appender; values are appended column by column, then <see cref="EndRow"/>.</summary>
    internal sealed class Appender(IntPtr handle) : IDisposable
    {
        private IntPtr _handle = handle;

        public unsafe void Append(ReadOnlySpan<byte> utf8)
        {
            fixed (byte* p = utf8) Check(duckdb_append_varchar_length(_handle, p, (ulong)utf8.Length));
        }

        public void Append(long value) => Check(duckdb_append_int64(_handle, value));

        public void Append(float value) => Check(duckdb_append_float(_handle, value));

        public void EndRow() => Check(duckdb_appender_end_row(_handle));

        private void Check(int state)
        {
            if (state != 0) throw new DuckDbException($"DuckDB appender: {Marshal.PtrToStringUTF8(duckdb_appender_error(_handle))}");
        }

        public void Dispose()
        {
            if (_handle == IntPtr.Zero) return;
            var state = duckdb_appender_destroy(ref _handle);
            _handle = IntPtr.Zero;
            if (state != 0) throw new DuckDbException("DuckDB appender failed to flush its rows.");
        }
    }

    internal static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
