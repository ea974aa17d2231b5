namespace ResearchKit.Evaluation;

/// <summary>A point estimate with a confidence interval.</summary>
/// <param name="Estimate">The aggregate on all users.</param>
/// <param name="Lower">Lower bound.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Level">Confidence level, e.g. 0.95.</param>
public sealed record ConfidenceInterval(double Estimate, double Lower, double Upper, double Level);

/// <summary>
/// Percentile bootstrap over users (Efron and Tibshirani 1993): users are resampled with replacement, the aggregate
/// is recomputed on each resample, and the interval is the (α/2, 1 − α/2) quantiles. Seeded, so reproducible.
/// </summary>
public static class Bootstrap
{
    /// <summary>Bootstrap CI of <paramref name="metric"/> over the users of <paramref name="report"/>.</summary>
    public static ConfidenceInterval Interval(EvaluationReport report, string metric, int resamples = 1000, double level = 0.95, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(report);
        Check(resamples, level);
        var estimate = report[metric];
        var n = report.UserCount;
        if (n == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, level);
        var rng = new Random(seed);
        var rows = new int[n];
        var stats = new double[resamples];
        // Per-user metrics resample their values directly; pooled and catalogue metrics recompute the aggregate.
        var perUser = report.HasPerUserValues(metric) && metric is not "rmse" and not "mae" ? report.PerUser(metric).ToArray() : null;
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < n; i++) rows[i] = rng.Next(n);
            stats[b] = perUser is null ? report.AggregateRows(rows)[metric] : MeanOf(perUser, rows);
        }
        return Percentiles(stats, estimate, level);
    }

    /// <summary>Percentile CI of the mean of <paramref name="values"/> (NaN values skipped).</summary>
    public static ConfidenceInterval IntervalOfMean(ReadOnlySpan<double> values, int resamples = 1000, double level = 0.95, int seed = 42)
    {
        Check(resamples, level);
        var data = values.ToArray();
        var all = new int[data.Length];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        var estimate = MeanOf(data, all);
        if (data.Length == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, level);
        var rng = new Random(seed);
        var rows = new int[data.Length];
        var stats = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < rows.Length; i++) rows[i] = rng.Next(rows.Length);
            stats[b] = MeanOf(data, rows);
        }
        return Percentiles(stats, estimate, level);
    }

    internal static double MeanOf(double[] values, ReadOnlySpan<int> rows)
    {
        double sum = 0; var n = 0;
        foreach (var r in rows)
        {
            var v = values[r];
            if (double.IsNaN(v)) continue;
            sum += v; n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    private static ConfidenceInterval Percentiles(double[] stats, double estimate, double level)
    {
        var finite = stats.Where(s => !double.IsNaN(s)).Order().ToArray();
        if (finite.Length == 0) return new ConfidenceInterval(estimate, double.NaN, double.NaN, level);
        var alpha = 1 - level;
        return new ConfidenceInterval(estimate, Quantile(finite, alpha / 2), Quantile(finite, 1 - (alpha / 2)), level);
    }

    /// <summary>Linear-interpolation quantile of sorted values (NumPy's default "linear" method).</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        if (sorted.IsEmpty) return double.NaN;
        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos); var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((pos - lo) * (sorted[hi] - sorted[lo]));
    }

    private static void Check(int resamples, double level)
    {
        if (resamples < 1) throw new ArgumentException($"resamples must be ≥ 1, got {resamples}.", nameof(resamples));
        if (!(level > 0 && level < 1)) throw new ArgumentException($"level must be in (0, 1), got {level}.", nameof(level));
    }
}
