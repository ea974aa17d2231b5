namespace ResearchKit.Data;

/// <summary>
/// A bidirectional map between external ids (as strings) and dense integer ids <c>0..Count-1</c>,
/// assigned in order of first appearance. Numeric ids are stored by their invariant decimal text,
/// so <c>42L</c> and <c>"42"</c> are the same id.
/// </summary>
public sealed class IdMap
{
    private readonly Dictionary<string, int> _index;
    private readonly List<string> _ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _spanLookup;

    /// <summary>Creates an empty map.</summary>
    public IdMap() : this(0) { }

    /// <summary>Creates an empty map sized for <paramref name="capacity"/> ids.</summary>
    public IdMap(int capacity)
    {
        _index = new Dictionary<string, int>(capacity, StringComparer.Ordinal);
        _ids = new List<string>(capacity);
        _spanLookup = _index.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Creates a map holding <paramref name="ids"/> in order; duplicates are an error.</summary>
    public IdMap(IEnumerable<string> ids) : this()
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var id in ids)
        {
            if (!_index.TryAdd(id, _ids.Count))
                throw new ArgumentException($"Duplicate id '{id}' in IdMap source.", nameof(ids));
            _ids.Add(id);
        }
    }

    /// <summary>The number of distinct ids.</summary>
    public int Count => _ids.Count;

    /// <summary>The external ids in dense-id order.</summary>
    public IReadOnlyList<string> Ids => _ids;

    /// <summary>Returns the dense id of <paramref name="externalId"/>, adding it if it is new.</summary>
    public int GetOrAdd(string externalId)
    {
        ArgumentNullException.ThrowIfNull(externalId);
        if (_index.TryGetValue(externalId, out var dense)) return dense;
        dense = _ids.Count;
        _index.Add(externalId, dense);
        _ids.Add(externalId);
        return dense;
    }

    /// <summary>
    /// Returns the dense id of the external id spelled by <paramref name="externalId"/>, adding it if it is new.
    /// Looks up without allocating a string (loaders call this once per row); only new ids allocate.
    /// </summary>
    public int GetOrAdd(ReadOnlySpan<char> externalId)
    {
        if (_spanLookup.TryGetValue(externalId, out var dense)) return dense;
        return GetOrAdd(externalId.ToString());
    }

    /// <summary>Looks up a dense id from a span without adding or allocating.</summary>
    public bool TryGetDense(ReadOnlySpan<char> externalId, out int dense) =>
        _spanLookup.TryGetValue(externalId, out dense);

    /// <summary>Returns the dense id of a numeric external id, adding it if it is new.</summary>
    public int GetOrAdd(long externalId) =>
        GetOrAdd(externalId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Looks up a dense id without adding.</summary>
    public bool TryGetDense(string externalId, out int dense) => _index.TryGetValue(externalId, out dense);

    /// <summary>The dense id of a known external id; throws <see cref="KeyNotFoundException"/> naming the id otherwise.</summary>
    public int ToDense(string externalId) =>
        _index.TryGetValue(externalId, out var dense)
            ? dense
            : throw new KeyNotFoundException($"Unknown id '{externalId}'.");

    /// <summary>The external id of a dense id.</summary>
    public string ToExternal(int dense)
    {
        if ((uint)dense >= (uint)_ids.Count)
            throw new ArgumentOutOfRangeException(nameof(dense), dense, $"Dense id must be in [0, {_ids.Count}).");
        return _ids[dense];
    }

    /// <summary>A copy that can grow independently (e.g. to add cold-start ids to a test set).</summary>
    public IdMap Clone() => new(_ids);
}
