namespace ResearchKit.Data;

/// <summary>Renumbers a dataset so that only users and items with rows keep a dense id.</summary>
public static class DatasetCompaction
{
    /// <summary>
    /// Returns a dataset whose id maps hold only the users and items that occur in its rows (in their old order),
    /// with the interactions, item catalog and user table remapped accordingly.
    /// </summary>
    public static Dataset DropUnusedIds(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var log = data.Interactions;
        var userMap = Remap(log.Users, data.UserCount, data.UserIds, out var users);
        var itemMap = Remap(log.Items, data.ItemCount, data.ItemIds, out var items);
        var b = new InteractionsBuilder(log.Count);
        for (var r = 0; r < log.Count; r++)
            b.Add(userMap[log.Users[r]], itemMap[log.Items[r]], log.Values[r], log.Timestamps[r], log.Kinds[r]);
        return new Dataset(data.Name, b.Build(), users, items,
            data.Items is null ? null : RemapCatalog(data.Items, itemMap, items.Count),
            data.Users is null ? null : RemapUsers(data.Users, userMap, users.Count));
    }

    private static int[] Remap(ReadOnlySpan<int> ids, int count, IdMap old, out IdMap fresh)
    {
        var used = new bool[count];
        foreach (var id in ids) used[id] = true;
        var map = new int[count];
        fresh = new IdMap();
        for (var i = 0; i < count; i++) map[i] = used[i] ? fresh.GetOrAdd(old.ToExternal(i)) : -1;
        return map;
    }

    private static ItemCatalog RemapCatalog(ItemCatalog old, int[] map, int count)
    {
        var c = new ItemCatalog(count);
        foreach (var n in old.CategoryNames.Ids) c.CategoryNames.GetOrAdd(n);
        foreach (var n in old.BrandNames.Ids) c.BrandNames.GetOrAdd(n);
        foreach (var n in old.TagNames.Ids) c.TagNames.GetOrAdd(n);
        if (old.Tags is not null) c.Tags = new int[count][];
        for (var i = 0; i < map.Length && i < old.Count; i++)
        {
            var j = map[i];
            if (j < 0) continue;
            c.Category[j] = old.Category[i]; c.Brand[j] = old.Brand[i]; c.Price[j] = old.Price[i]; c.Title[j] = old.Title[i];
            if (c.Tags is not null) c.Tags[j] = old.Tags![i];
        }
        if (c.Tags is not null) for (var j = 0; j < count; j++) c.Tags[j] ??= [];
        return c;
    }

    private static UserTable RemapUsers(UserTable old, int[] map, int count)
    {
        var t = new UserTable(count);
        foreach (var name in old.CategoricalColumns.ToArray())
        {
            var src = old.Categorical(name); var dst = t.Categorical(name);
            for (var i = 0; i < map.Length && i < src.Length; i++) if (map[i] >= 0) dst[map[i]] = src[i];
        }
        foreach (var name in old.NumericColumns.ToArray())
        {
            var src = old.Numeric(name); var dst = t.Numeric(name);
            for (var i = 0; i < map.Length && i < src.Length; i++) if (map[i] >= 0) dst[map[i]] = src[i];
        }
        return t;
    }
}
