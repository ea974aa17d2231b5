using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.DuckDb;

/// <summary>
/// Reads and writes interaction logs as Parquet through DuckDB. The written layout — columns <c>user</c>,
/// <c>item</c> (original ids, VARCHAR), <c>value</c> (FLOAT), <c>timestamp</c> (BIGINT Unix seconds) and <c>kind</c>
/// (view / cart / purchase / rating) — is also what <see cref="Load"/> expects by default; other files map their
/// columns through <see cref="CsvColumns"/> names (<c>parquet:PATH?user=..&amp;item=..&amp;value=..&amp;time=..&amp;kind=..</c>).
/// </summary>
public static class ParquetIO
{
    /// <summary>Loads a Parquet file (or a glob such as <c>dir/*.parquet</c>) as a dataset.</summary>
    public static Dataset Load(string path, CsvColumns? columns = null, DataLoadOptions? options = null, CancellationToken ct = default)
    {
        options ??= new DataLoadOptions();
        options.Validate();
        if (!path.Contains('*', StringComparison.Ordinal) && !File.Exists(path))
            throw new FileNotFoundException($"{path}: Parquet file not found.", path);
        columns ??= new CsvColumns { Value = "value", Time = "timestamp", Kind = "kind" };
        var limit = options.MaxRows > 0 ? $" LIMIT {options.MaxRows}" : "";
        var source = $"read_parquet({DuckDbConnection.Literal(path)})";
        var described = Sql.Query($"DESCRIBE SELECT * FROM {source}", ct);
        var names = described["column_name"].String!; var types = described["column_type"].String!;
        var defaults = columns == new CsvColumns { Value = "value", Time = "timestamp", Kind = "kind" };
        int Find(string? name, bool optional)
        {
            if (name is null) return -1;
            for (var c = 0; c < names.Length; c++) if (string.Equals(names[c], name, StringComparison.OrdinalIgnoreCase)) return c;
            return optional ? -1 : throw new CsvFormatException(path, 0, name, $"a column named '{name}'", string.Join(",", names));
        }
        string Quote(int c) => "\"" + names[c]!.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        int uc = Find(columns.User, false), ic = Find(columns.Item, false), vc = Find(columns.Value, defaults), tc = Find(columns.Time, defaults), kc = Find(columns.Kind, defaults);
        // Ids and kinds as text, values as DOUBLE (DECIMAL prices/ratings included); times keep their type
        // (TIMESTAMP / DATE / integers) unless they are some other numeric type.
        var select = $"CAST({Quote(uc)} AS VARCHAR) AS u, CAST({Quote(ic)} AS VARCHAR) AS i";
        if (vc >= 0) select += $", CAST({Quote(vc)} AS DOUBLE) AS v";
        if (tc >= 0) select += IsTimeLike(types[tc]!) ? $", {Quote(tc)} AS t" : $", CAST({Quote(tc)} AS DOUBLE) AS t";
        if (kc >= 0) select += $", CAST({Quote(kc)} AS VARCHAR) AS k";
        var table = Sql.Query($"SELECT {select} FROM {source}{limit}", ct);
        var user = table["u"]; var item = table["i"];
        var value = vc >= 0 ? table["v"] : null; var time = tc >= 0 ? table["t"] : null; var kind = kc >= 0 ? table["k"] : null;

        var tally = new LoadTally(path, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder(table.RowCount);
        var defaultKind = value is null ? EventKind.View : EventKind.Rating;
        for (var r = 0; r < table.RowCount; r++)
        {
            tally.RowsRead++;
            try
            {
                var u = user.GetString(r); var i = item.GetString(r);
                if (string.IsNullOrEmpty(u) || string.IsNullOrEmpty(i)) throw new CsvFormatException(path, r + 1, string.IsNullOrEmpty(u) ? user.Name : item.Name, "a non-empty id", "NULL");
                var v = value is null ? 1f : (float)value.GetDouble(r);
                if (!float.IsFinite(v)) throw new CsvFormatException(path, r + 1, value!.Name, "a number", "NULL");
                var k = defaultKind;
                if (kind is not null && kind.GetString(r) is var text && !(long.TryParse(text, out var code) ? TryKindCode(code, out k) : EventKinds.TryParse(text, out k)))
                    throw new CsvFormatException(path, r + 1, kind.Name, "an event kind (view, cart, purchase, rating)", text ?? "NULL");
                log.Add(users.GetOrAdd(u), items.GetOrAdd(i), v, time?.GetUnixSeconds(r) ?? 0, k);
                tally.RowsLoaded++;
            }
            catch (CsvFormatException e) { tally.Bad(e); }
        }
        if (tally.RowsLoaded == 0) throw new CsvFormatException(path, 0, null, "at least one row", "none");
        return new Dataset(options.Name ?? Path.GetFileNameWithoutExtension(path), log.Build(), users, items) { Report = tally.Report() };
    }

    private static bool IsTimeLike(string type) =>
        type.StartsWith("TIMESTAMP", StringComparison.Ordinal) || type is "DATE" or "BIGINT" or "INTEGER" or "UBIGINT" or "UINTEGER" or "VARCHAR";

    private static bool TryKindCode(long code, out EventKind kind)
    {
        kind = (EventKind)code;
        return code is >= 0 and <= (long)EventKind.Rating;
    }

    /// <summary>Writes the dataset's interactions (original ids) to a Parquet file.</summary>
    public static void Write(Dataset data, string path)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var db = new DuckDbConnection();
        db.Execute("CREATE TABLE log(\"user\" VARCHAR, item VARCHAR, value FLOAT, \"timestamp\" BIGINT, kind VARCHAR)");
        var userIds = data.UserIds.Ids.Select(DuckDbConnection.Utf8).ToArray();
        var itemIds = data.ItemIds.Ids.Select(DuckDbConnection.Utf8).ToArray();
        byte[][] kinds = ["view"u8.ToArray(), "cart"u8.ToArray(), "purchase"u8.ToArray(), "rating"u8.ToArray()];
        var log = data.Interactions;
        using (var appender = db.CreateAppender("log"))
        {
            for (var r = 0; r < log.Count; r++)
            {
                appender.Append(userIds[log.Users[r]]);
                appender.Append(itemIds[log.Items[r]]);
                appender.Append(log.Values[r]);
                appender.Append(log.Timestamps[r]);
                appender.Append(kinds[(int)log.Kinds[r]]);
                appender.EndRow();
            }
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        db.Execute($"COPY log TO {DuckDbConnection.Literal(path)} (FORMAT PARQUET)");
    }
}
