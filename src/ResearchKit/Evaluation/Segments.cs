using ResearchKit.Data;

namespace ResearchKit.Evaluation;

/// <summary>Options of <see cref="Segments.Compute"/>.</summary>
public sealed record SegmentOptions
{
    /// <summary>Users with at most this many training interactions (distinct items) are "cold"; the rest "warm" (default 5).</summary>
    public int ColdUserMaxTrainItems { get; init; } = 5;

    /// <summary>
    /// Head items are the most popular training items that together account for this share of training
    /// interactions (default 0.2, the "short head" of Abdollahpouri et al. 2019); every other item is tail.
    /// </summary>
    public double HeadInteractionShare { get; init; } = 0.2;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (ColdUserMaxTrainItems < 0) throw new ArgumentException($"{nameof(ColdUserMaxTrainItems)} must be ≥ 0, got {ColdUserMaxTrainItems}.");
        if (!(HeadInteractionShare > 0 && HeadInteractionShare < 1))
            throw new ArgumentException($"{nameof(HeadInteractionShare)} must be in (0, 1), got {HeadInteractionShare}.");
    }
}

/// <summary>One segment's aggregates.</summary>
/// <param name="Name">e.g. "cold users (≤5 train items)", "tail items".</param>
/// <param name="Users">Users that count in this segment.</param>
/// <param name="Metrics">Aggregates by metric name.</param>
public sealed record SegmentResult(string Name, int Users, IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Breaks a report down by user activity and item popularity. User segments aggregate the same per-user values
/// over a subset of users. Item segments re-score the same lists against the relevant items of that segment only
/// (users with no relevant item in it are skipped), so "tail recall" asks how many held-out tail items were found.
/// </summary>
public static class Segments
{
    /// <summary>Cold users, warm users, head items, tail items.</summary>
    public static IReadOnlyList<SegmentResult> Compute(EvaluationReport report, SegmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        options ??= new SegmentOptions();
        options.Validate();
        var context = report.Context;
        if (context.UserItems is null || context.Popularity is null)
            throw new InvalidOperationException("Segments need training data (user activity and item popularity); evaluate with a training set.");
        var cold = new List<int>(); var warm = new List<int>();
        for (var row = 0; row < report.UserCount; row++)
            (context.History(report.Users[row]).Length <= options.ColdUserMaxTrainItems ? cold : warm).Add(row);
        var threshold = options.ColdUserMaxTrainItems;
        var results = new List<SegmentResult>
        {
            new($"cold users (≤{threshold} train items)", cold.Count, report.AggregateRows(cold.ToArray())),
            new($"warm users (>{threshold} train items)", warm.Count, report.AggregateRows(warm.ToArray())),
        };
        var head = HeadItems(context.Popularity, options.HeadInteractionShare);
        results.Add(ItemSegment(report, "head items", head, inSegment: true));
        results.Add(ItemSegment(report, "tail items", head, inSegment: false));
        return results;
    }

    /// <summary>
    /// Marks the head: items sorted by popularity (descending, ties by lower id) are taken until their interactions
    /// reach <paramref name="share"/> of the total.
    /// </summary>
    public static bool[] HeadItems(ReadOnlySpan<int> popularity, double share)
    {
        var order = new int[popularity.Length];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var pop = popularity.ToArray();
        Array.Sort(order, (a, b) => pop[a] != pop[b] ? pop[b].CompareTo(pop[a]) : a.CompareTo(b));
        long total = 0;
        foreach (var p in pop) total += p;
        var head = new bool[pop.Length];
        long running = 0;
        foreach (var item in order)
        {
            if (total == 0 || running >= share * total || pop[item] == 0) break;
            head[item] = true;
            running += pop[item];
        }
        return head;
    }

    private static SegmentResult ItemSegment(EvaluationReport report, string name, bool[] head, bool inSegment)
    {
        var relevant = report.Relevant;
        var rows = new List<int>(); var cols = new List<int>(); var vals = new List<float>();
        for (var u = 0; u < relevant.Rows; u++)
        {
            var idx = relevant.RowIndices(u); var v = relevant.RowValues(u);
            for (var j = 0; j < idx.Length; j++)
                if (((uint)idx[j] < (uint)head.Length && head[idx[j]]) == inSegment) { rows.Add(u); cols.Add(idx[j]); vals.Add(v[j]); }
        }
        var restricted = CsrMatrix.FromCoordinates(relevant.Rows, relevant.Cols, rows.ToArray(), cols.ToArray(), vals.ToArray());
        var table = new MetricTable(report.UserCount, report.K, report.Context.CatalogSize, RankingOnly(), catalogMetrics: false);
        var options = new EvaluationOptions { K = report.K };
        var keep = new List<int>();
        for (var row = 0; row < report.UserCount; row++)
        {
            var user = report.Users[row];
            if (restricted.RowLength(user) == 0) continue;
            keep.Add(row);
            UserMetricsCalculator.Fill(table, row, report.Recommendations.Items(row), restricted.RowIndices(user),
                restricted.RowValues(user), report.Context.History(user), report.Context, options.GradedNdcg);
        }
        return new SegmentResult(name, keep.Count, table.Aggregate(keep.ToArray(), report.Recommendations));
    }

    private static bool[] RankingOnly()
    {
        var e = new bool[MetricTable.MetricCount];
        for (var m = 0; m <= (int)UserMetric.Map; m++) e[m] = true;
        return e;
    }
}
