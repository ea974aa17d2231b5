namespace ResearchKit.Data.Synthetic;

/// <summary>Assembly steps of <see cref="SyntheticShop"/>: merging per-block logs in time order, the user table.</summary>
internal static class ShopLogAssembler
{
    /// <summary>
    /// Concatenates the per-block logs (in block order) and sorts rows by timestamp; ties keep concatenation order
    /// (the sort key is time·n + position), so the result does not depend on how blocks were scheduled.
    /// </summary>
    public static Interactions MergeByTime(InteractionsBuilder[] blocks, long startTime)
    {
        var all = blocks.Select(b => b.Build()).ToArray();
        var n = all.Sum(b => b.Count);
        var keys = new long[n];
        var order = new int[n];
        var pos = 0;
        foreach (var block in all)
        {
            var ts = block.Timestamps;
            for (var i = 0; i < block.Count; i++, pos++)
            {
                keys[pos] = checked((ts[i] - startTime) * n + pos);
                order[pos] = pos;
            }
        }
        Array.Sort(keys, order);

        var users = new int[n]; var items = new int[n]; var values = new float[n]; var times = new long[n]; var kinds = new EventKind[n];
        pos = 0;
        foreach (var block in all)
        {
            block.Users.CopyTo(users.AsSpan(pos)); block.Items.CopyTo(items.AsSpan(pos)); block.Values.CopyTo(values.AsSpan(pos));
            block.Timestamps.CopyTo(times.AsSpan(pos)); block.Kinds.CopyTo(kinds.AsSpan(pos));
            pos += block.Count;
        }
        var builder = new InteractionsBuilder(n);
        foreach (var r in order) builder.Add(users[r], items[r], values[r], times[r], kinds[r]);
        return builder.Build();
    }

    /// <summary>
    /// User attributes a shop would know: a region (loosely tied to taste, so it is a weak signal for cold users)
    /// and an age.
    /// </summary>
    public static UserTable UserTable(SyntheticShopOptions o, float[] userFactors)
    {
        string[] regions = ["North", "South", "East", "West", "Central"];
        var table = new UserTable(o.Users);
        var region = table.Categorical("region");
        var age = table.Numeric("age");
        var d = o.Factors;
        for (var u = 0; u < o.Users; u++)
        {
            var rng = new SeededRandom(o.Seed, -2 - (long)u);
            // 60% of users live where the sign pattern of their first two taste dimensions points; the rest anywhere.
            var planted = (userFactors[u * d] > 0 ? 1 : 0) + (d > 1 && userFactors[u * d + 1] > 0 ? 2 : 0);
            region[u] = regions[rng.NextDouble() < 0.6 ? planted : rng.NextInt(regions.Length)];
            age[u] = (float)Math.Round(Math.Clamp(38 + 12 * rng.NextGaussian(), 18, 80));
        }
        return table;
    }
}
