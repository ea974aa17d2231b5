namespace ResearchKit.Data;

/// <summary>
/// An immutable columnar log of interactions: row <c>i</c> is
/// (<see cref="Users"/>[i], <see cref="Items"/>[i], <see cref="Values"/>[i], <see cref="Timestamps"/>[i], <see cref="Kinds"/>[i]).
/// Users and items are dense ids (see <see cref="IdMap"/>); timestamps are Unix seconds (0 when unknown).
/// Build one with <see cref="InteractionsBuilder"/>.
/// </summary>
public sealed class Interactions
{
    private readonly int[] _users;
    private readonly int[] _items;
    private readonly float[] _values;
    private readonly long[] _timestamps;
    private readonly EventKind[] _kinds;

    internal Interactions(int[] users, int[] items, float[] values, long[] timestamps, EventKind[] kinds, int count)
    {
        if (users.Length < count || items.Length < count || values.Length < count || timestamps.Length < count || kinds.Length < count)
            throw new ArgumentException("Every column must hold at least count rows.");
        _users = users;
        _items = items;
        _values = values;
        _timestamps = timestamps;
        _kinds = kinds;
        Count = count;
    }

    /// <summary>An empty log.</summary>
    public static Interactions Empty { get; } = new([], [], [], [], [], 0);

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>Dense user id per row.</summary>
    public ReadOnlySpan<int> Users => _users.AsSpan(0, Count);

    /// <summary>Dense item id per row.</summary>
    public ReadOnlySpan<int> Items => _items.AsSpan(0, Count);

    /// <summary>Value per row: 1 for implicit events, the rating for <see cref="EventKind.Rating"/>, a quantity where the source has one.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, Count);

    /// <summary>Unix time in seconds per row (0 when the source has none).</summary>
    public ReadOnlySpan<long> Timestamps => _timestamps.AsSpan(0, Count);

    /// <summary>Event kind per row.</summary>
    public ReadOnlySpan<EventKind> Kinds => _kinds.AsSpan(0, Count);

    /// <summary>The largest user id + 1 (0 when empty).</summary>
    public int MaxUserExclusive() => MaxPlusOne(Users);

    /// <summary>The largest item id + 1 (0 when empty).</summary>
    public int MaxItemExclusive() => MaxPlusOne(Items);

    private static int MaxPlusOne(ReadOnlySpan<int> ids) =>
        ids.IsEmpty ? 0 : System.Numerics.Tensors.TensorPrimitives.Max(ids) + 1;

    /// <summary>The log as a DataFrame with dense ids: <c>user</c>, <c>item</c> (int), <c>value</c> (float), <c>timestamp</c> (long), <c>kind</c> (string).</summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame() => Frames.DataFrames.FromInteractions(this, null, null);

    /// <summary>Returns the rows whose index is in <paramref name="rows"/>, in that order.</summary>
    public Interactions Select(ReadOnlySpan<int> rows)
    {
        var n = rows.Length;
        var u = new int[n]; var it = new int[n]; var v = new float[n]; var t = new long[n]; var k = new EventKind[n];
        for (var j = 0; j < n; j++)
        {
            var r = rows[j];
            u[j] = _users[r]; it[j] = _items[r]; v[j] = _values[r]; t[j] = _timestamps[r]; k[j] = _kinds[r];
        }
        return new Interactions(u, it, v, t, k, n);
    }

    /// <summary>Returns the rows for which <paramref name="keep"/> is true.</summary>
    public Interactions Where(ReadOnlySpan<bool> keep)
    {
        if (keep.Length != Count) throw new ArgumentException($"Mask length {keep.Length} != row count {Count}.", nameof(keep));
        var rows = new List<int>(Count);
        for (var i = 0; i < keep.Length; i++) if (keep[i]) rows.Add(i);
        return Select(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rows));
    }

    /// <summary>Number of rows per user (length <paramref name="userCount"/>).</summary>
    public int[] CountPerUser(int userCount) => CountPer(Users, userCount);

    /// <summary>Number of rows per item (length <paramref name="itemCount"/>).</summary>
    public int[] CountPerItem(int itemCount) => CountPer(Items, itemCount);

    private static int[] CountPer(ReadOnlySpan<int> ids, int n)
    {
        var counts = new int[n];
        foreach (var id in ids) counts[id]++;
        return counts;
    }
}
