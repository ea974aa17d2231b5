using Parquet;
using Parquet.Schema;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Data.Files;

/// <summary>
/// Reads and writes interaction logs as Parquet with Parquet.Net. The written layout — columns <c>user</c>,
/// <c>item</c> (original ids, text), <c>value</c> (FLOAT), <c>timestamp</c> (INT64 Unix seconds) and <c>kind</c>
/// (view / cart / purchase / rating), Snappy-compressed — is also what <see cref="Load"/> expects by default; other
/// files map their columns through <see cref="CsvColumns"/> names
/// (<c>parquet:PATH?user=..&amp;item=..&amp;value=..&amp;time=..&amp;kind=..</c>). Ids may be text or integers,
/// values any number type, times timestamps, dates, integers (seconds, or milliseconds when ≥ 10^11) or text.
/// </summary>
public static class ParquetIO
{
    private static readonly CsvColumns Defaults = new() { Value = "value", Time = "timestamp", Kind = "kind" };

    /// <summary>
    /// Loads a Parquet file, or every file matching a pattern in its file name (<c>dir/*.parquet</c>, read in
    /// name order), as a dataset. Ids are numbered in order of first appearance.
    /// </summary>
    public static Dataset Load(string path, CsvColumns? columns = null, DataLoadOptions? options = null, IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        options ??= new DataLoadOptions();
        options.Validate();
        var files = Expand(path);
        var mapping = columns ?? Defaults;
        var tally = new LoadTally(path, options);
        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder();
        var total = files.Sum(f => new FileInfo(f).Length); var done = 0L;
        foreach (var file in files)
        {
            var start = done; var length = new FileInfo(file).Length;
            Task.Run(() => LoadFileAsync(file, mapping, optional: columns is null, tally, users, items, log,
                progress is null ? null : (groups, g) => progress.Report(new LoadProgress(start + length * g / groups, total, tally.RowsRead)), ct), ct).GetAwaiter().GetResult();
            done += length;
        }
        if (tally.RowsLoaded == 0) throw new CsvFormatException(path, 0, null, "at least one row", "none");
        return new Dataset(options.Name ?? Path.GetFileNameWithoutExtension(path.Replace('*', '_')), log.Build(), users, items) { Report = tally.Report() };
    }

    private static string[] Expand(string path)
    {
        var name = Path.GetFileName(path);
        if (name.AsSpan().IndexOfAny('*', '?') < 0)
            return File.Exists(path) ? [path] : throw new FileNotFoundException($"{path}: Parquet file not found.", path);
        var dir = Path.GetDirectoryName(path) is { Length: > 0 } d ? d : ".";
        var files = Directory.Exists(dir) ? Directory.GetFiles(dir, name) : [];
        if (files.Length == 0) throw new FileNotFoundException($"{path}: no Parquet file matches.", path);
        Array.Sort(files, StringComparer.Ordinal);
        return files;
    }

    private static async Task LoadFileAsync(string path, CsvColumns columns, bool optional, LoadTally tally, IdMap users, IdMap items,
        InteractionsBuilder log, Action<int, int>? progress, CancellationToken ct)
    {
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: ct).ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields();
        DataField? Find(string? name, bool canBeMissing)
        {
            if (name is null) return null;
            foreach (var f in fields) if (string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) return f;
            return canBeMissing ? null : throw new CsvFormatException(path, 0, name, $"a column named '{name}'", string.Join(",", fields.Select(f => f.Name)));
        }
        DataField uf = Find(columns.User, false)!, itf = Find(columns.Item, false)!;
        DataField? vf = Find(columns.Value, optional), tf = Find(columns.Time, optional), kf = Find(columns.Kind, optional);
        var defaultKind = vf is null ? EventKind.View : EventKind.Rating;
        long first = tally.RowsRead;
        for (var g = 0; g < reader.RowGroupCount && !tally.Full; g++)
        {
            ct.ThrowIfCancellationRequested();
            using var rg = reader.OpenRowGroupReader(g);
            var n = (int)rg.RowCount;
            string?[] u, i; double[]? v; long?[]? t; string?[]? k;
            try
            {
                u = await ParquetValues.TextAsync(rg, uf, n).ConfigureAwait(false);
                i = await ParquetValues.TextAsync(rg, itf, n).ConfigureAwait(false);
                v = vf is null ? null : await ParquetValues.NumbersAsync(rg, vf, n).ConfigureAwait(false);
                t = tf is null ? null : await ParquetValues.SecondsAsync(rg, tf, n).ConfigureAwait(false);
                k = kf is null ? null : await ParquetValues.TextAsync(rg, kf, n).ConfigureAwait(false);
            }
            catch (Exception e) when (e is NotSupportedException or FormatException)
            {
                throw new CsvFormatException(path, tally.RowsRead - first + 1, null, "columns of a supported type", e.Message, e);
            }
            for (var r = 0; r < n && !tally.Full; r++)
            {
                tally.RowsRead++;
                var row = tally.RowsRead - first;
                try
                {
                    if (string.IsNullOrEmpty(u[r])) throw new CsvFormatException(path, row, uf.Name, "a non-empty id", "NULL");
                    if (string.IsNullOrEmpty(i[r])) throw new CsvFormatException(path, row, itf.Name, "a non-empty id", "NULL");
                    var value = v is null ? 1f : (float)v[r];
                    if (!float.IsFinite(value)) throw new CsvFormatException(path, row, vf!.Name, "a number", "NULL");
                    var kind = defaultKind;
                    if (k is not null && !EventKinds.TryParseNameOrCode(k[r], out kind))
                        throw new CsvFormatException(path, row, kf!.Name, "an event kind (view, cart, purchase, rating)", k[r] ?? "NULL");
                    log.Add(users.GetOrAdd(u[r]!), items.GetOrAdd(i[r]!), value, t?[r] ?? 0, kind);
                    tally.RowsLoaded++;
                }
                catch (CsvFormatException e) { tally.Bad(e); }
            }
            progress?.Invoke(reader.RowGroupCount, g + 1);
        }
    }

    private static readonly string[] KindNames = [.. Enum.GetValues<EventKind>().Select(k => k.ToString().ToLowerInvariant())];

    /// <summary>Writes the dataset's interactions (original ids) to a Parquet file (Snappy; written to a temporary file, then renamed).</summary>
    public static void Write(Dataset data, string path, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var log = data.Interactions;
        var userIds = data.UserIds.Ids; var itemIds = data.ItemIds.Ids;
        // The log's columns are read-only spans; Parquet.Net takes memory, so copy each once.
        var users = log.Users.ToArray(); var items = log.Items.ToArray(); var kinds = log.Kinds.ToArray();
        ParquetTable.Write(path, log.Count,
        [
            ParquetColumn.Text("user", r => userIds[users[r]]),
            ParquetColumn.Text("item", r => itemIds[items[r]]),
            ParquetColumn.Float("value", log.Values.ToArray()),
            ParquetColumn.Int64("timestamp", log.Timestamps.ToArray()),
            ParquetColumn.Text("kind", r => KindNames[(int)kinds[r]]),
        ], ct);
    }
}
