using System.Runtime.InteropServices;
using System.Text;
using static ResearchKit.Data.DuckDb.DuckDbNative;

namespace ResearchKit.Data.DuckDb;

/// <summary>Copies a DuckDB result, chunk by chunk, into typed managed columns.</summary>
internal static class SqlResultReader
{
    private enum Storage { Int64, Double, String }

    // duckdb_type values from duckdb.h.
    private static (string Name, Storage Storage, int Width)? Describe(int type) => type switch
    {
        1 => ("BOOLEAN", Storage.Int64, 1), 2 => ("TINYINT", Storage.Int64, -1), 3 => ("SMALLINT", Storage.Int64, -2),
        4 => ("INTEGER", Storage.Int64, -4), 5 => ("BIGINT", Storage.Int64, -8), 6 => ("UTINYINT", Storage.Int64, 1),
        7 => ("USMALLINT", Storage.Int64, 2), 8 => ("UINTEGER", Storage.Int64, 4), 9 => ("UBIGINT", Storage.Int64, 8),
        10 => ("FLOAT", Storage.Double, 4), 11 => ("DOUBLE", Storage.Double, 8), 12 => ("TIMESTAMP", Storage.Int64, -8),
        13 => ("DATE", Storage.Int64, -4), 17 => ("VARCHAR", Storage.String, 16), 20 => ("TIMESTAMP_S", Storage.Int64, -8),
        21 => ("TIMESTAMP_MS", Storage.Int64, -8), 22 => ("TIMESTAMP_NS", Storage.Int64, -8), 31 => ("TIMESTAMP_TZ", Storage.Int64, -8),
        _ => null,
    };

    public static unsafe SqlTable Read(ref Result result, string sql, CancellationToken ct)
    {
        var n = (int)duckdb_column_count(ref result);
        var names = new string[n]; var kinds = new (string Name, Storage Storage, int Width)[n];
        for (var c = 0; c < n; c++)
        {
            names[c] = Marshal.PtrToStringUTF8(duckdb_column_name(ref result, (ulong)c)) ?? $"column{c}";
            var type = duckdb_column_type(ref result, (ulong)c);
            kinds[c] = Describe(type) ?? throw new DuckDbException(
                $"DuckDB: column '{names[c]}' has a type (id {type}) the kit does not read; CAST it to BIGINT, DOUBLE or VARCHAR in the query.\n  in: {sql}");
        }
        var ints = new List<long>[n]; var dbls = new List<double>[n]; var strs = new List<string?>[n]; var nulls = new List<bool>[n];
        for (var c = 0; c < n; c++)
        {
            nulls[c] = [];
            switch (kinds[c].Storage) { case Storage.Int64: ints[c] = []; break; case Storage.Double: dbls[c] = []; break; default: strs[c] = []; break; }
        }
        var rows = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var chunk = duckdb_fetch_chunk(result);
            if (chunk == IntPtr.Zero) break;
            try
            {
                var size = (int)duckdb_data_chunk_get_size(chunk);
                if (size == 0) break;
                for (var c = 0; c < n; c++)
                {
                    var vector = duckdb_data_chunk_get_vector(chunk, (ulong)c);
                    var data = (byte*)duckdb_vector_get_data(vector);
                    var validity = (ulong*)duckdb_vector_get_validity(vector);
                    var (_, storage, width) = kinds[c];
                    for (var r = 0; r < size; r++)
                    {
                        var valid = validity == null || (validity[r >> 6] & (1UL << (r & 63))) != 0;
                        nulls[c].Add(!valid);
                        switch (storage)
                        {
                            case Storage.Int64: ints[c].Add(valid ? ReadInt(data, r, width) : 0); break;
                            case Storage.Double: dbls[c].Add(!valid ? double.NaN : width == 4 ? ((float*)data)[r] : ((double*)data)[r]); break;
                            default: strs[c].Add(valid ? ReadString(data + 16 * r) : null); break;
                        }
                    }
                }
                rows += size;
            }
            finally { duckdb_destroy_data_chunk(ref chunk); }
        }
        var columns = new SqlColumn[n];
        for (var c = 0; c < n; c++)
            columns[c] = new SqlColumn(names[c], kinds[c].Name, ints[c]?.ToArray(), dbls[c]?.ToArray(), strs[c]?.ToArray(), [.. nulls[c]]);
        return new SqlTable(columns, rows);
    }

    // Width < 0: signed of |width| bytes; > 0: unsigned.
    private static unsafe long ReadInt(byte* data, int r, int width) => width switch
    {
        1 => data[r], -1 => ((sbyte*)data)[r], 2 => ((ushort*)data)[r], -2 => ((short*)data)[r],
        4 => ((uint*)data)[r], -4 => ((int*)data)[r], 8 => (long)((ulong*)data)[r], _ => ((long*)data)[r],
    };

    // duckdb_string_t: uint32 length, then 12 inlined bytes, or a 4-byte prefix and a pointer at offset 8.
    private static unsafe string ReadString(byte* s)
    {
        var length = *(uint*)s;
        var bytes = length <= 12 ? s + 4 : *(byte**)(s + 8);
        return Encoding.UTF8.GetString(bytes, (int)length);
    }
}
