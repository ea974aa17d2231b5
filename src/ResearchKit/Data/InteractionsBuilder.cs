namespace ResearchKit.Data;

/// <summary>Appends interaction rows into growable columns, then freezes them into <see cref="Interactions"/>.</summary>
public sealed class InteractionsBuilder
{
    private int[] _users;
    private int[] _items;
    private float[] _values;
    private long[] _timestamps;
    private EventKind[] _kinds;

    /// <summary>Creates a builder with room for <paramref name="capacity"/> rows.</summary>
    public InteractionsBuilder(int capacity = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        capacity = Math.Max(capacity, 16);
        _users = new int[capacity];
        _items = new int[capacity];
        _values = new float[capacity];
        _timestamps = new long[capacity];
        _kinds = new EventKind[capacity];
    }

    /// <summary>Rows added so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one row.</summary>
    public void Add(int user, int item, float value = 1f, long timestamp = 0, EventKind kind = EventKind.View)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(user);
        ArgumentOutOfRangeException.ThrowIfNegative(item);
        if (Count == _users.Length) Grow();
        var i = Count++;
        _users[i] = user;
        _items[i] = item;
        _values[i] = value;
        _timestamps[i] = timestamp;
        _kinds[i] = kind;
    }

    /// <summary>Appends every row of <paramref name="other"/>.</summary>
    public void AddRange(Interactions other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < other.Count; i++)
            Add(other.Users[i], other.Items[i], other.Values[i], other.Timestamps[i], other.Kinds[i]);
    }

    private void Grow()
    {
        var n = Math.Max(16, checked(_users.Length * 2));
        Array.Resize(ref _users, n);
        Array.Resize(ref _items, n);
        Array.Resize(ref _values, n);
        Array.Resize(ref _timestamps, n);
        Array.Resize(ref _kinds, n);
    }

    /// <summary>Freezes the rows. The builder must not be used afterwards.</summary>
    public Interactions Build()
    {
        var result = new Interactions(_users, _items, _values, _timestamps, _kinds, Count);
        _users = []; _items = []; _values = []; _timestamps = []; _kinds = [];
        Count = 0;
        return result;
    }
}
