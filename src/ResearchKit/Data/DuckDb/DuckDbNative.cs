using System.Reflection;
using System.Runtime.InteropServices;

namespace ResearchKit.Data.DuckDb;

/// <summary>
/// P/Invoke declarations for the part of DuckDB's C API the kit uses (open/connect/query, data chunks, appender).
/// The library is resolved from <c>DUCKDB_LIBRARY</c>, then <c>&lt;repo&gt;/node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so</c>
/// (installed by <c>npm install</c> / any <c>./kit</c> command), searching up from the working directory and the
/// assembly's folder, then the system loader path.
/// </summary>
internal static partial class DuckDbNative
{
    private const string Lib = "duckdb";
    internal const string NpmRelativePath = "node_modules/@duckdb/node-bindings-linux-x64/libduckdb.so";
    private static readonly List<string> Searched = [];

    static DuckDbNative() => NativeLibrary.SetDllImportResolver(typeof(DuckDbNative).Assembly, Resolve);

    /// <summary>Forces resolution now, turning a missing library into a clear <see cref="DllNotFoundException"/>.</summary>
    public static void EnsureLoaded()
    {
        try { _ = Marshal.PtrToStringUTF8(duckdb_library_version()); }
        catch (DllNotFoundException e)
        {
            throw new DllNotFoundException(
                "DuckDB (libduckdb.so) was not found; Parquet and SQL need it. Run `npm install` in the repository root " +
                "(any `./kit` command does it for you), or set DUCKDB_LIBRARY to the full path of libduckdb.so. Searched: " +
                string.Join(", ", Searched), e);
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        if (name != Lib) return IntPtr.Zero;
        foreach (var candidate in Candidates())
        {
            lock (Searched) if (!Searched.Contains(candidate)) Searched.Add(candidate);
            if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle)) return handle;
        }
        lock (Searched) if (!Searched.Contains("libduckdb.so (system)")) Searched.Add("libduckdb.so (system)");
        return NativeLibrary.TryLoad("libduckdb.so", assembly, path, out var system) ? system : IntPtr.Zero;
    }

    private static IEnumerable<string> Candidates()
    {
        if (Environment.GetEnvironmentVariable("DUCKDB_LIBRARY") is { Length: > 0 } env) yield return env;
        if (Environment.GetEnvironmentVariable("KIT_ROOT") is { Length: > 0 } root) yield return Path.Combine(root, NpmRelativePath);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                yield return Path.Combine(dir.FullName, NpmRelativePath);
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct Result
    {
        private readonly ulong _columnCount, _rowCount, _rowsChanged;
        private readonly IntPtr _columns, _error, _internal;
    }

    [LibraryImport(Lib)] internal static partial IntPtr duckdb_library_version();
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int duckdb_open(string? path, out IntPtr database);
    [LibraryImport(Lib)] internal static partial int duckdb_connect(IntPtr database, out IntPtr connection);
    [LibraryImport(Lib)] internal static partial void duckdb_disconnect(ref IntPtr connection);
    [LibraryImport(Lib)] internal static partial void duckdb_close(ref IntPtr database);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int duckdb_query(IntPtr connection, string query, out Result result);
    [LibraryImport(Lib)] internal static partial void duckdb_destroy_result(ref Result result);
    [LibraryImport(Lib)] internal static partial IntPtr duckdb_result_error(ref Result result);
    [LibraryImport(Lib)] internal static partial ulong duckdb_column_count(ref Result result);
    [LibraryImport(Lib)] internal static partial IntPtr duckdb_column_name(ref Result result, ulong column);
    [LibraryImport(Lib)] internal static partial int duckdb_column_type(ref Result result, ulong column);
    [LibraryImport(Lib)] internal static partial IntPtr duckdb_fetch_chunk(Result result);
    [LibraryImport(Lib)] internal static partial ulong duckdb_data_chunk_get_size(IntPtr chunk);
    [LibraryImport(Lib)] internal static partial IntPtr duckdb_data_chunk_get_vector(IntPtr chunk, ulong column);
    [LibraryImport(Lib)] internal static partial IntPtr duckdb_vector_get_data(IntPtr vector);
    [LibraryImport(Lib)] internal static partial IntPtr duckdb_vector_get_validity(IntPtr vector);
    [LibraryImport(Lib)] internal static partial void duckdb_destroy_data_chunk(ref IntPtr chunk);
    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)] internal static partial int duckdb_appender_create(IntPtr connection, string? schema, string table, out IntPtr appender);
    [LibraryImport(Lib)] internal static partial IntPtr duckdb_appender_error(IntPtr appender);
    [LibraryImport(Lib)] internal static partial int duckdb_appender_end_row(IntPtr appender);
    [LibraryImport(Lib)] internal static unsafe partial int duckdb_append_varchar_length(IntPtr appender, byte* value, ulong length);
    [LibraryImport(Lib)] internal static partial int duckdb_append_int64(IntPtr appender, long value);
    [LibraryImport(Lib)] internal static partial int duckdb_append_float(IntPtr appender, float value);
    [LibraryImport(Lib)] internal static partial int duckdb_appender_destroy(ref IntPtr appender);
}
