using System.Globalization;
using DuckDB.NET.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.DuckDb;

/// <summary>
/// Options of <see cref="SqlPreparation.Load"/>. Defaults: no filter, no k-core, DuckDB's own memory limit (80% of
/// RAM) and spill folder under the system temp folder.
/// </summary>
public sealed record SqlPreparationOptions
{
    /// <summary>A SQL condition over the source's columns (as the query names them), e.g. <c>kind &lt;&gt; 'view'</c>; null = keep every row.</summary>
    public string? Where { get; init; }

    /// <summary>k-core: keep users with at least this many distinct items (0 = no user minimum; default 0).</summary>
    public int MinPerUser { get; init; }

    /// <summary>k-core: keep items with at least this many distinct users (0 = no item minimum; default 0).</summary>
    public int MinPerItem { get; init; }

    /// <summary>DuckDB memory limit, e.g. "2GB" (null = DuckDB's default, 80% of RAM); beyond it DuckDB spills to <see cref="TempDirectory"/>.</summary>
    public string? MemoryLimit { get; init; }

    /// <summary>Where DuckDB spills (null = a fresh folder under the system temp folder, deleted afterwards).</summary>
    public string? TempDirectory { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (MinPerUser < 0) throw new ArgumentException($"SqlPreparationOptions.MinPerUser must be ≥ 0, got {MinPerUser}.", nameof(MinPerUser));
        if (MinPerItem < 0) throw new ArgumentException($"SqlPreparationOptions.MinPerItem must be ≥ 0, got {MinPerItem}.", nameof(MinPerItem));
        if (MemoryLimit is { } m && !System.Text.RegularExpressions.Regex.IsMatch(m, @"^\s*\d+(\.\d+)?\s*[KMGT]?i?B\s*$", System.Text.RegularExpressions.RegexOptions.IgnoreCase))
            throw new ArgumentException($"SqlPreparationOptions.MemoryLimit must look like '2GB' or '512MB', got '{m}'.", nameof(MemoryLimit));
    }
}

/// <summary>
/// Prepares a log that may be larger than memory inside DuckDB (which streams and spills to disk), so that only the
/// result becomes <see cref="Interactions"/>: the source query's rows (columns as in <see cref="SqlSource"/>) are
/// filtered, reduced to their (<see cref="SqlPreparationOptions.MinPerUser"/>, <see cref="SqlPreparationOptions.MinPerItem"/>)-core
/// and given dense ids, all in SQL. The k-core is over distinct (user, item) pairs, peeled round by round until no
/// pair is removed — the same fixpoint as <see cref="Splitting.KCore.Filter"/> (a k-core is unique whatever the
/// peeling order; Batagelj and Zaversnik, "An O(m) algorithm for cores decomposition of networks", 2003). Dense ids
/// follow the ids' text order and rows come ordered by (user, time, item), so the result is deterministic.
/// </summary>
public static class SqlPreparation
{
    /// <summary>Runs the preparation and loads the result. Progress reports the k-core rounds (<see cref="LoadProgress.Rows"/> = pairs left).</summary>
    public static Dataset Load(string query, SqlPreparationOptions? options = null, DataLoadOptions? load = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new SqlPreparationOptions();
        options.Validate();
        load ??= new DataLoadOptions();
        load.Validate();
        var spill = options.TempDirectory ?? Path.Combine(Path.GetTempPath(), "rk-duckdb-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var db = Sql.Open();
            Sql.Execute(db, $"SET temp_directory = {Sql.Literal(spill)}");
            if (options.MemoryLimit is { } limit) Sql.Execute(db, $"SET memory_limit = {Sql.Literal(limit)}");
            // Ordered output is what makes the result deterministic; insertion order is not needed on the way.
            Sql.Execute(db, "SET preserve_insertion_order = false");
            var source = SqlSource.Probe(db, query);
            var where = options.Where is { Length: > 0 } w ? $" WHERE {w}" : "";
            Sql.Execute(db, $"CREATE TEMP TABLE ev AS SELECT {source.NormalizedSelect()} FROM ({source.Query}) AS q{where}");
            var missing = Sql.Execute(db, "DELETE FROM ev WHERE u IS NULL OR u = '' OR i IS NULL OR i = ''");
            KCore(db, options, progress, ct);
            Sql.Execute(db, "CREATE TEMP TABLE users AS SELECT u, CAST(row_number() OVER (ORDER BY u) - 1 AS INTEGER) AS uid FROM (SELECT DISTINCT u FROM pairs)");
            Sql.Execute(db, "CREATE TEMP TABLE items AS SELECT i, CAST(row_number() OVER (ORDER BY i) - 1 AS INTEGER) AS iid FROM (SELECT DISTINCT i FROM pairs)");
            var userIds = new IdMap(Sql.Query(db, "SELECT u FROM users ORDER BY uid", ct)["u"].String!.Select(s => s!));
            var itemIds = new IdMap(Sql.Query(db, "SELECT i FROM items ORDER BY iid", ct)["i"].String!.Select(s => s!));
            var count = (int)Sql.Query(db, "SELECT count(*) AS n FROM ev SEMI JOIN pairs USING (u, i)", ct)["n"].Int64![0];
            var log = ReadRows(db, source, count, load, ct, out var tally);
            if (missing > 0) tally.Drop("missing user or item id", missing);
            return new Dataset(load.Name ?? "sql", log, userIds, itemIds) { Report = tally.Report() };
        }
        finally
        {
            if (options.TempDirectory is null && Directory.Exists(spill)) Directory.Delete(spill, recursive: true);
        }
    }

    private static void KCore(DuckDBConnection db, SqlPreparationOptions options, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        Sql.Execute(db, "CREATE TEMP TABLE pairs AS SELECT DISTINCT u, i FROM ev");
        var pairs = Count(db, "pairs");
        if (options.MinPerUser <= 1 && options.MinPerItem <= 1) return;
        var inv = CultureInfo.InvariantCulture;
        for (var round = 1; ; round++)
        {
            ct.ThrowIfCancellationRequested();
            Sql.Execute(db, string.Format(inv,
                "CREATE OR REPLACE TEMP TABLE pairs AS SELECT p.u, p.i FROM pairs p " +
                "SEMI JOIN (SELECT u FROM pairs GROUP BY u HAVING count(*) >= {0}) USING (u) " +
                "SEMI JOIN (SELECT i FROM pairs GROUP BY i HAVING count(*) >= {1}) USING (i)", options.MinPerUser, options.MinPerItem));
            var left = Count(db, "pairs");
            progress?.Report(new LoadProgress(round, 0, left));
            if (left == pairs) return;
            pairs = left;
        }
    }

    private static long Count(DuckDBConnection db, string table) => Sql.Query(db, $"SELECT count(*) AS n FROM {table}")["n"].Int64![0];

    private static Interactions ReadRows(DuckDBConnection db, SqlSource source, int count, DataLoadOptions load, CancellationToken ct, out LoadTally tally)
    {
        var select = "SELECT users.uid, items.iid" + (source.Value is null ? "" : ", ev.v") + (source.Time is null ? "" : ", ev.t") + (source.Kind is null ? "" : ", ev.k") +
            " FROM ev SEMI JOIN pairs USING (u, i) JOIN users USING (u) JOIN items USING (i) ORDER BY users.uid, " +
            (source.Time is null ? "" : "ev.t, ") + "items.iid" + (load.MaxRows > 0 ? $" LIMIT {load.MaxRows}" : "");
        var t = new LoadTally(source.Label, load);
        var log = new InteractionsBuilder(Math.Max(1, count));
        Sql.Run(select, () =>
        {
            using var command = db.CreateCommand();
            command.CommandText = select;
            using var reader = command.ExecuteReader();
            int v = source.Value is null ? -1 : 2, tc = source.Time is null ? -1 : v < 0 ? 2 : 3, k = source.Kind is null ? -1 : reader.FieldCount - 1;
            var defaultKind = source.Value is null ? EventKind.View : EventKind.Rating;
            // Kinds repeat a handful of spellings: parse each once.
            var kinds = new Dictionary<string, EventKind>(StringComparer.Ordinal);
            while (reader.Read())
            {
                t.RowsRead++;
                if ((t.RowsRead & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
                try
                {
                    var value = v < 0 ? 1f : reader.IsDBNull(v) ? float.NaN : (float)reader.GetDouble(v);
                    if (!float.IsFinite(value)) throw new CsvFormatException(source.Label, t.RowsRead, source.Value, "a number", "NULL");
                    long time = 0;
                    if (tc >= 0 && !reader.IsDBNull(tc))
                    {
                        if (!source.TimeIsText) time = reader.GetInt64(tc);
                        else if (!TimeParsing.TryToUnixSeconds(reader.GetString(tc), out time))
                            throw new CsvFormatException(source.Label, t.RowsRead, source.Time, "a time (Unix seconds or a date)", reader.GetString(tc));
                    }
                    var kind = defaultKind;
                    if (k >= 0)
                    {
                        var text = reader.IsDBNull(k) ? "" : reader.GetString(k);
                        if (!kinds.TryGetValue(text, out kind))
                            kinds[text] = kind = EventKinds.TryParseNameOrCode(text, out var parsed) ? parsed
                                : throw new CsvFormatException(source.Label, t.RowsRead, source.Kind, "an event kind (view, cart, purchase, rating)", text);
                    }
                    log.Add(reader.GetInt32(0), reader.GetInt32(1), value, time, kind);
                    t.RowsLoaded++;
                }
                catch (CsvFormatException e) { t.Bad(e); }
            }
            return 0;
        });
        tally = t;
        if (t.RowsLoaded == 0) throw new CsvFormatException(source.Label, 0, null, "at least one row after filtering and the k-core", "none");
        return log.Build();
    }
}
