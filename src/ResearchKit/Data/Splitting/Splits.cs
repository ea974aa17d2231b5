namespace ResearchKit.Data.Splitting;

/// <summary>
/// The standard ways to hold out interactions. Every splitter keeps the dataset's id maps and side information,
/// keeps rows in their original order within each part, and is deterministic given its seed (each user draws
/// from its own random stream, so results do not depend on threads or on other users).
/// Stratified and random splits assign whole (user, item) pairs, so repeated events of one pair stay together.
/// </summary>
public static class Splits
{
    private const byte TrainSide = 0, TestSide = 1, ValidationSide = 2;

    /// <summary>
    /// Per-user random split (the Microsoft Recommenders <c>python_stratified_split</c> protocol): for each user
    /// with n distinct items, a seeded shuffle puts round(<paramref name="ratio"/>·n) items in train (round half to
    /// even, as numpy does), then round(<paramref name="validationRatio"/>·n) in validation, the rest in test.
    /// Users with a single item keep it in train.
    /// </summary>
    public static DataSplit Stratified(Dataset data, double ratio, int seed, double validationRatio = 0)
    {
        CheckRatios(ratio, validationRatio);
        var index = PairIndex.Build(data.Interactions, data.UserCount, data.ItemCount);
        var side = new byte[index.PairCount];
        var order = new List<int>();
        for (var u = 0; u < data.UserCount; u++)
        {
            int lo = index.UserStart[u], n = index.UserStart[u + 1] - lo;
            if (n <= 1) continue;
            order.Clear();
            for (var p = lo; p < lo + n; p++) order.Add(p);
            var rng = new SeededRandom(seed, u);
            Shuffle(order, ref rng);
            var nTrain = (int)Math.Round(ratio * n, MidpointRounding.ToEven);
            var nVal = Math.Min(n - nTrain, (int)Math.Round(validationRatio * n, MidpointRounding.ToEven));
            for (var j = 0; j < n; j++) side[order[j]] = j < nTrain ? TrainSide : j < nTrain + nVal ? ValidationSide : TestSide;
        }
        return Build(data, index.RowSides(side, data.Interactions.Count), validationRatio > 0);
    }

    /// <summary>
    /// Global random split of distinct (user, item) pairs: a seeded shuffle puts round(<paramref name="ratio"/>·pairs)
    /// in train, round(<paramref name="validationRatio"/>·pairs) in validation and the rest in test.
    /// </summary>
    public static DataSplit Random(Dataset data, double ratio, int seed, double validationRatio = 0)
    {
        CheckRatios(ratio, validationRatio);
        var index = PairIndex.Build(data.Interactions, data.UserCount, data.ItemCount);
        var n = index.PairCount;
        var order = new List<int>(n);
        for (var p = 0; p < n; p++) order.Add(p);
        var rng = new SeededRandom(seed, -1);
        Shuffle(order, ref rng);
        var nTrain = (int)Math.Round(ratio * n, MidpointRounding.ToEven);
        var nVal = Math.Min(n - nTrain, (int)Math.Round(validationRatio * n, MidpointRounding.ToEven));
        var side = new byte[n];
        for (var j = 0; j < n; j++) side[order[j]] = j < nTrain ? TrainSide : j < nTrain + nVal ? ValidationSide : TestSide;
        return Build(data, index.RowSides(side, data.Interactions.Count), validationRatio > 0);
    }

    /// <summary>
    /// Global temporal cut: the cut time is the timestamp of the row at position ⌊<paramref name="ratio"/>·rows⌋ in
    /// time order; rows before it train, rows at or after it test (rows sharing a timestamp stay together). When
    /// <paramref name="excludeSeenFromTest"/> (default), test rows whose (user, item) pair already occurs in train are
    /// dropped: a model never recommends a seen item, so such rows could only count as misses. Their number is
    /// <see cref="DataSplit.DroppedTestRows"/>.
    /// </summary>
    public static DataSplit Temporal(Dataset data, double ratio, bool excludeSeenFromTest = true)
    {
        CheckRatios(ratio, 0);
        var log = data.Interactions;
        var n = log.Count;
        var sides = new byte[n];
        var dropped = 0;
        if (n > 0)
        {
            var sorted = log.Timestamps.ToArray();
            Array.Sort(sorted);
            var cut = sorted[Math.Min(n - 1, (int)Math.Floor(ratio * n))];
            if (cut == sorted[0])
                throw new ArgumentException(sorted[0] == sorted[^1]
                    ? $"Dataset '{data.Name}': a temporal split needs timestamps, but every row has time {sorted[0]} (the source has no time column?). Use stratified or random instead."
                    : $"Dataset '{data.Name}': the temporal cut at ratio {ratio} falls on the earliest timestamp, so train would be empty. Use a larger ratio.", nameof(data));
            var ts = log.Timestamps;
            for (var r = 0; r < n; r++) sides[r] = ts[r] < cut ? TrainSide : TestSide;
            if (excludeSeenFromTest) dropped = DropSeen(data, sides);
        }
        return Build(data, sides, false) with { DroppedTestRows = dropped };
    }

    /// <summary>
    /// Per-user leave-last-n: each user's <paramref name="n"/> most recently touched distinct items (by their latest
    /// event; ties broken by item id) go to test with all their rows. Users with at most n items stay in train.
    /// </summary>
    public static DataSplit LeaveLast(Dataset data, int n = 1)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "leave-last needs n ≥ 1.");
        var log = data.Interactions;
        var index = PairIndex.Build(log, data.UserCount, data.ItemCount);
        var side = new byte[index.PairCount];
        var last = new List<(long Time, int Item, int Pair)>();
        for (var u = 0; u < data.UserCount; u++)
        {
            int lo = index.UserStart[u], hi = index.UserStart[u + 1];
            if (hi - lo <= n) continue;
            last.Clear();
            for (var p = lo; p < hi; p++) last.Add((index.LastTime(log, p), index.PairItem[p], p));
            last.Sort();
            for (var j = last.Count - n; j < last.Count; j++) side[last[j].Pair] = TestSide;
        }
        return Build(data, index.RowSides(side, log.Count), false);
    }

    /// <summary>
    /// Cold-start users: a seeded random round(<paramref name="fraction"/>·active users) of the users with any rows
    /// are held out entirely (all their rows go to test, none to train).
    /// </summary>
    public static DataSplit ColdUsers(Dataset data, double fraction, int seed)
    {
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The held-out user fraction must be in (0, 1).");
        var log = data.Interactions;
        var counts = log.CountPerUser(data.UserCount);
        var active = new List<int>();
        for (var u = 0; u < counts.Length; u++) if (counts[u] > 0) active.Add(u);
        var rng = new SeededRandom(seed, -3);
        Shuffle(active, ref rng);
        var held = new bool[data.UserCount];
        var k = (int)Math.Round(fraction * active.Count, MidpointRounding.ToEven);
        for (var j = 0; j < k; j++) held[active[j]] = true;
        var sides = new byte[log.Count];
        var users = log.Users;
        for (var r = 0; r < sides.Length; r++) sides[r] = held[users[r]] ? TestSide : TrainSide;
        return Build(data, sides, false);
    }

    private static int DropSeen(Dataset data, byte[] sides)
    {
        var log = data.Interactions;
        var trainPairs = new HashSet<long>();
        for (var r = 0; r < sides.Length; r++)
            if (sides[r] == TrainSide) trainPairs.Add((long)log.Users[r] * data.ItemCount + log.Items[r]);
        var dropped = 0;
        for (var r = 0; r < sides.Length; r++)
            if (sides[r] == TestSide && trainPairs.Contains((long)log.Users[r] * data.ItemCount + log.Items[r])) { sides[r] = byte.MaxValue; dropped++; }
        return dropped;
    }

    private static DataSplit Build(Dataset data, byte[] sides, bool withValidation)
    {
        var log = data.Interactions;
        var train = new List<int>(sides.Length); var test = new List<int>(); var val = new List<int>();
        for (var r = 0; r < sides.Length; r++)
        {
            switch (sides[r])
            {
                case TrainSide: train.Add(r); break;
                case TestSide: test.Add(r); break;
                case ValidationSide: val.Add(r); break;
                default: break;   // dropped
            }
        }
        static ReadOnlySpan<int> S(List<int> l) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l);
        return new DataSplit(
            data.WithInteractions(log.Select(S(train)), data.Name + "/train"),
            data.WithInteractions(log.Select(S(test)), data.Name + "/test"),
            withValidation ? data.WithInteractions(log.Select(S(val)), data.Name + "/validation") : null);
    }

    private static void Shuffle(List<int> list, ref SeededRandom rng)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }

    private static void CheckRatios(double ratio, double validationRatio)
    {
        if (!(ratio > 0 && ratio < 1)) throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The train ratio must be in (0, 1).");
        if (!(validationRatio >= 0 && ratio + validationRatio < 1))
            throw new ArgumentOutOfRangeException(nameof(validationRatio), validationRatio, "The validation ratio must be ≥ 0 and leave room for a test set (ratio + validation < 1).");
    }
}
