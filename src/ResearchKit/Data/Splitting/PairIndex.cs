namespace ResearchKit.Data.Splitting;

/// <summary>
/// Groups the rows of a log by distinct (user, item) pair, pairs grouped by user, in O(rows + users + items)
/// with two stable counting sorts. Splits assign whole pairs, so a user's repeated views of one item never land
/// on both sides of a split (no test item leaks into that user's training rows).
/// </summary>
internal sealed class PairIndex
{
    /// <summary>Row indices sorted by (user, item, row).</summary>
    public required int[] Rows { get; init; }
    /// <summary>Pair p owns Rows[PairStart[p] .. PairStart[p+1]).</summary>
    public required int[] PairStart { get; init; }
    /// <summary>User u owns pairs UserStart[u] .. UserStart[u+1].</summary>
    public required int[] UserStart { get; init; }
    /// <summary>Item of each pair.</summary>
    public required int[] PairItem { get; init; }

    public int PairCount => PairItem.Length;

    public static PairIndex Build(Interactions log, int userCount, int itemCount)
    {
        var n = log.Count;
        var users = log.Users; var items = log.Items;
        var byItem = new int[n];
        var start = new int[itemCount + 1];
        foreach (var i in items) start[i + 1]++;
        for (var i = 0; i < itemCount; i++) start[i + 1] += start[i];
        for (var r = 0; r < n; r++) byItem[start[items[r]]++] = r;

        var rows = new int[n];
        var ustart = new int[userCount + 1];
        foreach (var u in users) ustart[u + 1]++;
        for (var u = 0; u < userCount; u++) ustart[u + 1] += ustart[u];
        var next = ustart.AsSpan(0, userCount).ToArray();
        foreach (var r in byItem) rows[next[users[r]]++] = r;

        var pairStart = new List<int>(n / 2 + 1);
        var pairItem = new List<int>(n / 2 + 1);
        var userPairStart = new int[userCount + 1];
        for (var u = 0; u < userCount; u++)
        {
            userPairStart[u] = pairItem.Count;
            for (var p = ustart[u]; p < ustart[u + 1]; p++)
            {
                if (p == ustart[u] || items[rows[p]] != items[rows[p - 1]])
                {
                    pairStart.Add(p);
                    pairItem.Add(items[rows[p]]);
                }
            }
        }
        userPairStart[userCount] = pairItem.Count;
        pairStart.Add(n);
        return new PairIndex { Rows = rows, PairStart = [.. pairStart], UserStart = userPairStart, PairItem = [.. pairItem] };
    }

    /// <summary>Latest timestamp among the rows of pair <paramref name="p"/>.</summary>
    public long LastTime(Interactions log, int p)
    {
        var t = long.MinValue;
        var ts = log.Timestamps;
        for (var q = PairStart[p]; q < PairStart[p + 1]; q++) t = Math.Max(t, ts[Rows[q]]);
        return t;
    }

    /// <summary>Writes <paramref name="side"/>[p] to every row of every pair p.</summary>
    public byte[] RowSides(ReadOnlySpan<byte> side, int rowCount)
    {
        var rowSide = new byte[rowCount];
        for (var p = 0; p < PairCount; p++)
            for (var q = PairStart[p]; q < PairStart[p + 1]; q++) rowSide[Rows[q]] = side[p];
        return rowSide;
    }
}
