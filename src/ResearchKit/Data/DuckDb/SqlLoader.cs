using System.Data.Common;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.DuckDb;

/// <summary>
/// The <c>sql:QUERY</c> data spec: a DuckDB query over CSV, Parquet or JSON files (<c>read_csv</c>,
/// <c>read_parquet</c>, <c>read_json</c>, or a quoted file name) whose result columns are named as in
/// <see cref="SqlSource"/> — <c>user</c> and <c>item</c> required, <c>value</c>, <c>time</c>/<c>timestamp</c> and
/// <c>kind</c> optional. Rows stream from DuckDB into <see cref="Interactions"/>; ids are numbered in order of first
/// appearance. For logs larger than memory, filter and k-core in DuckDB first with <see cref="SqlPreparation"/>.
/// </summary>
public static class SqlLoader
{
    /// <summary>Runs <paramref name="query"/> and loads its rows as a dataset.</summary>
    public static Dataset Load(string query, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        using var db = Sql.Open();
        var source = SqlSource.Probe(db, query);
        var limit = options.MaxRows > 0 ? $" LIMIT {options.MaxRows}" : "";
        var sql = $"SELECT {source.NormalizedSelect()} FROM ({source.Query}) AS q{limit}";
        var tally = new LoadTally(source.Label, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder();
        Sql.Run(sql, () =>
        {
            using var command = db.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var rows = new RowReader(reader, source, tally.RowsRead);
            while (reader.Read())
            {
                tally.RowsRead++;
                if ((tally.RowsRead & 0xFFFF) == 0) { ct.ThrowIfCancellationRequested(); progress?.Report(new LoadProgress(0, 0, tally.RowsRead)); }
                try
                {
                    rows.Read(tally.RowsRead, out var u, out var i, out var v, out var t, out var k);
                    log.Add(users.GetOrAdd(u), items.GetOrAdd(i), v, t, k);
                    tally.RowsLoaded++;
                }
                catch (CsvFormatException e) { tally.Bad(e); }
            }
            return 0;
        });
        if (tally.RowsLoaded == 0) throw new CsvFormatException(source.Label, 0, null, "at least one row", "none");
        return new Dataset(options.Name ?? "sql", log.Build(), users, items) { Report = tally.Report() };
    }

    /// <summary>Reads one normalized row (<see cref="SqlSource.NormalizedSelect"/>), with located errors.</summary>
    internal sealed class RowReader(DbDataReader reader, SqlSource source, long firstRow)
    {
        private readonly int _v = Ordinal(reader, "v"), _t = Ordinal(reader, "t"), _k = Ordinal(reader, "k");
        private readonly EventKind _defaultKind = source.Value is null ? EventKind.View : EventKind.Rating;

        public void Read(long row, out string user, out string item, out float value, out long time, out EventKind kind)
        {
            row -= firstRow;
            user = reader.IsDBNull(0) ? "" : reader.GetString(0);
            if (user.Length == 0) throw new CsvFormatException(source.Label, row, source.User, "a non-empty id", "NULL");
            item = reader.IsDBNull(1) ? "" : reader.GetString(1);
            if (item.Length == 0) throw new CsvFormatException(source.Label, row, source.Item, "a non-empty id", "NULL");
            value = 1f;
            if (_v >= 0)
            {
                value = reader.IsDBNull(_v) ? float.NaN : (float)reader.GetDouble(_v);
                if (!float.IsFinite(value)) throw new CsvFormatException(source.Label, row, source.Value, "a number", "NULL");
            }
            time = 0;
            if (_t >= 0 && !reader.IsDBNull(_t))
            {
                if (!source.TimeIsText) time = reader.GetInt64(_t);
                else if (!TimeParsing.TryToUnixSeconds(reader.GetString(_t), out time))
                    throw new CsvFormatException(source.Label, row, source.Time, "a time (Unix seconds or a date)", reader.GetString(_t));
            }
            kind = _defaultKind;
            if (_k >= 0)
            {
                var text = reader.IsDBNull(_k) ? null : reader.GetString(_k);
                if (!EventKinds.TryParseNameOrCode(text, out kind)) throw new CsvFormatException(source.Label, row, source.Kind, "an event kind (view, cart, purchase, rating)", text ?? "NULL");
            }
        }

        private static int Ordinal(DbDataReader reader, string name)
        {
            for (var c = 0; c < reader.FieldCount; c++) if (reader.GetName(c) == name) return c;
            return -1;
        }
    }
}
