namespace ResearchKit.Evaluation;

/// <summary>Which way a metric improves.</summary>
public enum MetricDirection
{
    /// <summary>Larger is better (accuracy, coverage, novelty, diversity, serendipity).</summary>
    HigherIsBetter,
    /// <summary>Smaller is better (errors, popularity bias, concentration, time).</summary>
    LowerIsBetter,
}

/// <summary>
/// The one table of metric directions, used wherever a "best" value is marked (result tables, HTML tables, charts).
/// Names are matched without their cut-off: <c>gini@10</c> is <c>gini</c>. Lower is better for <c>rmse</c>,
/// <c>mae</c>, <c>gini</c> (recommendations concentrated on few items), <c>arp</c> (average recommendation popularity:
/// leaning on the head) and timings (<c>fit s</c>, <c>recommend s</c>, <c>fit_seconds</c>, <c>recommend_seconds</c>);
/// higher for every other metric of the kit. A name the table does not know counts as higher-is-better.
/// </summary>
public static class MetricDirections
{
    private static readonly Dictionary<string, MetricDirection> Table = new(StringComparer.OrdinalIgnoreCase)
    {
        ["precision"] = MetricDirection.HigherIsBetter, ["recall"] = MetricDirection.HigherIsBetter,
        ["hit"] = MetricDirection.HigherIsBetter, ["mrr"] = MetricDirection.HigherIsBetter,
        ["ndcg"] = MetricDirection.HigherIsBetter, ["map"] = MetricDirection.HigherIsBetter,
        ["auc"] = MetricDirection.HigherIsBetter, ["coverage"] = MetricDirection.HigherIsBetter,
        ["novelty"] = MetricDirection.HigherIsBetter, ["diversity"] = MetricDirection.HigherIsBetter,
        ["serendipity"] = MetricDirection.HigherIsBetter,
        ["rmse"] = MetricDirection.LowerIsBetter, ["mae"] = MetricDirection.LowerIsBetter,
        ["gini"] = MetricDirection.LowerIsBetter, ["arp"] = MetricDirection.LowerIsBetter,
        ["fit s"] = MetricDirection.LowerIsBetter, ["recommend s"] = MetricDirection.LowerIsBetter,
        ["fit_seconds"] = MetricDirection.LowerIsBetter, ["recommend_seconds"] = MetricDirection.LowerIsBetter,
    };

    /// <summary>The direction of <paramref name="metric"/> (e.g. "arp@10", "ndcg@5", "rmse", "fit s").</summary>
    public static MetricDirection Of(string metric)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var at = metric.IndexOf('@', StringComparison.Ordinal);
        var name = (at < 0 ? metric : metric[..at]).Trim();
        return Table.GetValueOrDefault(name, MetricDirection.HigherIsBetter);
    }

    /// <summary>True when smaller values of <paramref name="metric"/> are better.</summary>
    public static bool LowerIsBetter(string metric) => Of(metric) == MetricDirection.LowerIsBetter;

    /// <summary>The best of <paramref name="values"/> for <paramref name="metric"/>, ignoring NaN; NaN when none is finite.</summary>
    public static double Best(string metric, IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var lower = LowerIsBetter(metric);
        var best = double.NaN;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            if (double.IsNaN(best) || (lower ? v < best : v > best)) best = v;
        }
        return best;
    }

    /// <summary>"higher is better" or "lower is better", for captions and axis titles.</summary>
    public static string Describe(string metric) => LowerIsBetter(metric) ? "lower is better" : "higher is better";
}
