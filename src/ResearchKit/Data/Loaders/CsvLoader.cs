using System.Text;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Column mapping for <see cref="CsvLoader"/>: header names (or 1-based positions when the file has no header).
/// Only <see cref="User"/> and <see cref="Item"/> are required.
/// </summary>
public sealed record CsvColumns
{
    /// <summary>User id column (default "user").</summary>
    public string User { get; init; } = "user";
    /// <summary>Item id column (default "item").</summary>
    public string Item { get; init; } = "item";
    /// <summary>Value column (rating, quantity); null = every row has value 1.</summary>
    public string? Value { get; init; }
    /// <summary>Time column (Unix seconds / milliseconds or a date); null = no time.</summary>
    public string? Time { get; init; }
    /// <summary>Event kind column (view, cart/addtocart, purchase/transaction, rating); null = see <see cref="CsvLoader"/>.</summary>
    public string? Kind { get; init; }
    /// <summary>Field separator (default ","; "\t" for TSV, "::" for MovieLens 1M style).</summary>
    public string Separator { get; init; } = ",";
    /// <summary>Whether the first line names the columns (default true).</summary>
    public bool HasHeader { get; init; } = true;
}

/// <summary>
/// Loads any delimited interaction file through a column mapping (<c>csv:PATH?user=..&amp;item=..</c>).
/// Without a kind column, rows are <see cref="EventKind.Rating"/> when a value column is mapped and
/// <see cref="EventKind.View"/> otherwise. Unknown event kinds are errors naming the line.
/// </summary>
public static class CsvLoader
{
    /// <summary>Loads <paramref name="path"/> with <paramref name="columns"/>.</summary>
    public static Dataset Load(string path, CsvColumns? columns = null, DataLoadOptions? options = null,
        IProgress<LoadProgress>? progress = null, CancellationToken ct = default)
    {
        columns ??= new CsvColumns();
        options ??= new DataLoadOptions();
        options.Validate();
        using var csv = new CsvReader(path, columns.Separator, '"', columns.HasHeader, options.Encoding, options.MaxLineLength);
        int Col(string? name) => name is null ? -1 : Resolve(csv, name, columns.HasHeader);
        int user = Col(columns.User), item = Col(columns.Item), value = Col(columns.Value), time = Col(columns.Time), kind = Col(columns.Kind);
        var need = new[] { user, item, value, time, kind }.Max() + 1;
        var defaultKind = value >= 0 ? EventKind.Rating : EventKind.View;

        var users = new IdMap(); var items = new IdMap();
        var log = new InteractionsBuilder(1 << 16);
        var tally = new LoadTally(path, options);
        while (!tally.Full && csv.ReadRow())
        {
            tally.Row(csv, progress, ct);
            try
            {
                csv.RequireFields(need);
                var u = csv.GetId(user); var i = csv.GetId(item);
                var v = value >= 0 ? csv.GetSingle(value) : 1f;
                var t = time >= 0 ? TimeParsing.Read(csv, time, columns.Time!) : 0;
                var k = defaultKind;
                if (kind >= 0 && !EventKinds.TryParse(csv[kind], out k))
                    throw csv.Error("an event kind (view, cart/addtocart, purchase/transaction, rating)", csv[kind].ToString(), columns.Kind);
                log.Add(users.GetOrAdd(u), items.GetOrAdd(i), v, t, k);
                tally.RowsLoaded++;
            }
            catch (CsvFormatException e) { tally.Bad(e); }
        }
        progress?.Report(new(csv.TotalBytes, csv.TotalBytes, tally.RowsRead));
        if (tally.RowsLoaded == 0) throw new CsvFormatException(path, 0, null, "at least one data row", tally.RowsRead == 0 ? "no rows" : "only bad rows");
        var name = options.Name ?? System.IO.Path.GetFileNameWithoutExtension(path);
        return new Dataset(name, log.Build(), users, items) { Report = tally.Report() };
    }

    /// <summary>A header name, or a 1-based position when the file has no header (or the name is a number).</summary>
    internal static int Resolve(CsvReader csv, string column, bool hasHeader)
    {
        if (hasHeader && csv.IndexOf(column) is var i and >= 0) return i;
        if (int.TryParse(column, out var position) && position >= 1) return position - 1;
        return hasHeader ? csv.Require(column) : throw new CsvFormatException(csv.Path, 0, column, "a 1-based column position (the file has no header)", column);
    }

    /// <summary>Strict UTF-8 (invalid bytes are errors) — the default encoding of every loader.</summary>
    internal static Encoding StrictUtf8 { get; } = new UTF8Encoding(false, throwOnInvalidBytes: true);
}
