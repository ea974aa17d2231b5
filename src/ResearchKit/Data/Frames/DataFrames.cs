using Microsoft.Data.Analysis;

namespace ResearchKit.Data.Frames;

/// <summary>
/// Microsoft.Data.Analysis <see cref="DataFrame"/> conversions for interaction logs. Columns keep their types:
/// ids are text (<see cref="StringDataFrameColumn"/>) or dense ints, values are floats, timestamps are
/// <c>long</c> Unix seconds, kinds are text (view, cart, purchase, rating).
/// </summary>
internal static class DataFrames
{
    private static readonly string[] KindNames = [.. Enum.GetValues<EventKind>().Select(k => k.ToString().ToLowerInvariant())];

    public static DataFrame FromInteractions(Interactions log, IdMap? users, IdMap? items)
    {
        var n = log.Count;
        var value = new SingleDataFrameColumn("value", n);
        var time = new Int64DataFrameColumn("timestamp", n);
        var kind = new StringDataFrameColumn("kind", n);
        var values = log.Values; var times = log.Timestamps; var kinds = log.Kinds;
        for (var r = 0; r < n; r++) { value[r] = values[r]; time[r] = times[r]; kind[r] = KindNames[(int)kinds[r]]; }
        return new DataFrame(Ids("user", log.Users, users), Ids("item", log.Items, items), value, time, kind);
    }

    private static DataFrameColumn Ids(string name, ReadOnlySpan<int> dense, IdMap? map)
    {
        if (map is null)
        {
            var c = new Int32DataFrameColumn(name, dense.Length);
            for (var r = 0; r < dense.Length; r++) c[r] = dense[r];
            return c;
        }
        var ids = map.Ids;
        var s = new StringDataFrameColumn(name, dense.Length);
        for (var r = 0; r < dense.Length; r++) s[r] = ids[dense[r]];
        return s;
    }

    public static Dataset ToDataset(DataFrame frame, string user, string item, string? value, string? time, string? kind, string? name)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var u = FrameColumns.Ids(FrameColumns.Find(frame, user, nameof(user)), nameof(user));
        var i = FrameColumns.Ids(FrameColumns.Find(frame, item, nameof(item)), nameof(item));
        var v = value is null ? null : FrameColumns.Numbers(FrameColumns.Find(frame, value, nameof(value)), nameof(value));
        var t = time is null ? null : FrameColumns.Seconds(FrameColumns.Find(frame, time, nameof(time)), nameof(time));
        var k = kind is null ? null : FrameColumns.Ids(FrameColumns.Find(frame, kind, nameof(kind)), nameof(kind));
        var defaultKind = v is null ? EventKind.View : EventKind.Rating;
        var users = new IdMap(); var itemIds = new IdMap();
        var log = new InteractionsBuilder(Math.Max(1, u.Length));
        for (var r = 0; r < u.Length; r++)
        {
            if (string.IsNullOrEmpty(u[r])) throw new ArgumentException($"Column '{user}' row {r}: the user id is missing.", nameof(user));
            if (string.IsNullOrEmpty(i[r])) throw new ArgumentException($"Column '{item}' row {r}: the item id is missing.", nameof(item));
            var x = v is null ? 1f : (float)v[r];
            if (!float.IsFinite(x)) throw new ArgumentException($"Column '{value}' row {r}: expected a number, got {(double.IsNaN(v![r]) ? "null" : v[r])}.", nameof(value));
            var e = defaultKind;
            if (k is not null && !(k[r] is { } text && (long.TryParse(text, out var code) ? (e = (EventKind)code) is >= EventKind.View and <= EventKind.Rating : EventKinds.TryParse(text, out e))))
                throw new ArgumentException($"Column '{kind}' row {r}: expected an event kind (view, cart, purchase, rating), got '{k[r] ?? "null"}'.", nameof(kind));
            log.Add(users.GetOrAdd(u[r]!), itemIds.GetOrAdd(i[r]!), x, t?[r] ?? 0, e);
        }
        return new Dataset(name ?? "dataframe", log.Build(), users, itemIds);
    }
}
