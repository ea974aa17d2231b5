using System.Data.Common;
using System.Numerics;

namespace ResearchKit.Data.DuckDb;

/// <summary>Copies an ADO.NET result into typed managed columns (see <see cref="SqlColumn"/> for the storage rules).</summary>
internal static class SqlResultReader
{
    private enum Storage { Int64, Double, String, Timestamp, Date }

    public static SqlTable Read(DbDataReader reader, string sql, CancellationToken ct)
    {
        var n = reader.FieldCount;
        var names = new string[n]; var storage = new Storage[n]; var types = new string[n]; var clr = new Type[n];
        for (var c = 0; c < n; c++)
        {
            names[c] = reader.GetName(c);
            clr[c] = reader.GetFieldType(c);
            (storage[c], types[c]) = Describe(clr[c], reader.GetDataTypeName(c)) ?? throw new SqlQueryException(
                $"DuckDB: column '{names[c]}' has type {reader.GetDataTypeName(c)}, which the kit does not read; CAST it to BIGINT, DOUBLE, VARCHAR or TIMESTAMP in the query.\n  in: {sql}",
                new NotSupportedException(clr[c].FullName));
        }
        var ints = new List<long>[n]; var dbls = new List<double>[n]; var strs = new List<string?>[n]; var nulls = new List<bool>[n];
        for (var c = 0; c < n; c++)
        {
            nulls[c] = [];
            if (storage[c] == Storage.Double) dbls[c] = [];
            else if (storage[c] == Storage.String) strs[c] = [];
            else ints[c] = [];
        }
        var rows = 0;
        while (reader.Read())
        {
            if ((rows & 4095) == 0) ct.ThrowIfCancellationRequested();
            for (var c = 0; c < n; c++)
            {
                var isNull = reader.IsDBNull(c);
                nulls[c].Add(isNull);
                switch (storage[c])
                {
                    case Storage.Double: dbls[c].Add(isNull ? double.NaN : ReadDouble(reader, c, clr[c])); break;
                    case Storage.String: strs[c].Add(isNull ? null : clr[c] == typeof(string) ? reader.GetString(c) : reader.GetValue(c).ToString()); break;
                    case Storage.Timestamp: ints[c].Add(isNull ? 0 : Micros(reader, c, clr[c])); break;
                    case Storage.Date: ints[c].Add(isNull ? 0 : reader.GetFieldValue<DateOnly>(c).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber); break;
                    default: ints[c].Add(isNull ? 0 : ReadInt(reader, c, clr[c])); break;
                }
            }
            rows++;
        }
        var columns = new SqlColumn[n];
        for (var c = 0; c < n; c++)
            columns[c] = new SqlColumn(names[c], types[c], ints[c]?.ToArray(), dbls[c]?.ToArray(), strs[c]?.ToArray(), [.. nulls[c]]);
        return new SqlTable(columns, rows);
    }

    private static (Storage, string)? Describe(Type t, string duckType)
    {
        var name = duckType.ToUpperInvariant();
        if (t == typeof(bool) || t == typeof(sbyte) || t == typeof(byte) || t == typeof(short) || t == typeof(ushort) || t == typeof(int) || t == typeof(uint) || t == typeof(long) || t == typeof(ulong))
            return (Storage.Int64, name);
        if (t == typeof(float) || t == typeof(double) || t == typeof(decimal) || t == typeof(BigInteger)) return (Storage.Double, name);
        if (t == typeof(string) || t == typeof(Guid)) return (Storage.String, name);
        if (t == typeof(DateTime) || t == typeof(DateTimeOffset)) return (Storage.Timestamp, "TIMESTAMP");
        if (t == typeof(DateOnly)) return (Storage.Date, "DATE");
        return null;
    }

    private static long ReadInt(DbDataReader r, int c, Type t) =>
        t == typeof(long) ? r.GetInt64(c) : t == typeof(int) ? r.GetInt32(c) : t == typeof(short) ? r.GetInt16(c)
        : t == typeof(bool) ? (r.GetBoolean(c) ? 1 : 0) : t == typeof(byte) ? r.GetByte(c) : t == typeof(sbyte) ? r.GetFieldValue<sbyte>(c)
        : t == typeof(ushort) ? r.GetFieldValue<ushort>(c) : t == typeof(uint) ? r.GetFieldValue<uint>(c) : checked((long)r.GetFieldValue<ulong>(c));

    private static double ReadDouble(DbDataReader r, int c, Type t) =>
        t == typeof(double) ? r.GetDouble(c) : t == typeof(float) ? r.GetFloat(c) : t == typeof(decimal) ? (double)r.GetDecimal(c) : (double)r.GetFieldValue<BigInteger>(c);

    private static long Micros(DbDataReader r, int c, Type t)
    {
        var ticks = t == typeof(DateTimeOffset) ? r.GetFieldValue<DateTimeOffset>(c).UtcTicks : r.GetDateTime(c).Ticks;
        return (ticks - DateTime.UnixEpoch.Ticks) / 10;
    }
}
