namespace ResearchKit.Data.Splitting;

/// <summary>
/// k-core filtering: repeatedly drops users with fewer than <c>minPerUser</c> distinct items and items with fewer
/// than <c>minPerItem</c> distinct users until both hold (the usual "10-core" preprocessing of sparse logs).
/// </summary>
public static class KCore
{
    /// <summary>
    /// Filters <paramref name="data"/> to its (<paramref name="minPerUser"/>, <paramref name="minPerItem"/>)-core.
    /// With <paramref name="compact"/> (default) users and items left without rows are removed from the id maps
    /// (dense ids are renumbered, side information follows); otherwise the id maps are kept as they are.
    /// A core that keeps no interaction is an error (<see cref="InvalidOperationException"/> naming k), not an empty dataset.
    /// </summary>
    public static Dataset Filter(Dataset data, int minPerUser, int minPerItem, bool compact = true)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(minPerUser);
        ArgumentOutOfRangeException.ThrowIfNegative(minPerItem);
        var log = data.Interactions;
        var index = PairIndex.Build(log, data.UserCount, data.ItemCount);
        var pairUser = new int[index.PairCount];
        for (var u = 0; u < data.UserCount; u++)
            for (var p = index.UserStart[u]; p < index.UserStart[u + 1]; p++) pairUser[p] = u;

        var userDeg = new int[data.UserCount];
        var itemDeg = new int[data.ItemCount];
        var alive = new bool[index.PairCount];
        Array.Fill(alive, true);
        for (var p = 0; p < alive.Length; p++) { userDeg[pairUser[p]]++; itemDeg[index.PairItem[p]]++; }

        // Peel until stable; each pass is O(pairs) and the loop ends because every pass removes a pair or stops.
        for (var changed = true; changed;)
        {
            changed = false;
            for (var p = 0; p < alive.Length; p++)
            {
                if (!alive[p]) continue;
                int u = pairUser[p], i = index.PairItem[p];
                if (userDeg[u] >= minPerUser && itemDeg[i] >= minPerItem) continue;
                alive[p] = false; userDeg[u]--; itemDeg[i]--; changed = true;
            }
        }
        var keepSide = new byte[alive.Length];
        for (var p = 0; p < alive.Length; p++) keepSide[p] = alive[p] ? (byte)1 : (byte)0;
        var rowSide = index.RowSides(keepSide, log.Count);
        var keep = new bool[log.Count];
        for (var r = 0; r < keep.Length; r++) keep[r] = rowSide[r] == 1;
        var kept = 0;
        foreach (var k in keep) if (k) kept++;
        if (kept == 0)
            throw new InvalidOperationException($"The ({minPerUser}, {minPerItem})-core of '{data.Name}' keeps nothing: no set of users with ≥ {minPerUser} items and items with ≥ {minPerItem} users exists in its {log.Count:N0} rows. Lower k.");
        var filtered = data.WithInteractions(log.Where(keep));
        return compact ? DatasetCompaction.DropUnusedIds(filtered) : filtered;
    }
}
