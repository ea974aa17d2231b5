using System.Globalization;
using ResearchKit.Evaluation;

namespace ResearchKit.Experiments;

/// <summary>One comparison of the best model with a rival, with its Holm-adjusted p-value.</summary>
/// <param name="Best">The model with the highest value of the metric.</param>
/// <param name="Rival">The model it is compared with.</param>
/// <param name="Role">"runner-up" or "best single model".</param>
/// <param name="Test">The one-sided paired t-test of "best better than rival".</param>
/// <param name="AdjustedP">The p-value after Holm's correction over every comparison shown together.</param>
public sealed record BestModelComparison(string Best, string Rival, string Role, PairedComparison Test, double AdjustedP);

/// <summary>
/// The comparisons a results table needs (instead of every model against a weak baseline): the best model on each
/// metric against the runner-up and against the best single (non-fusion) model, one-sided paired t-tests over users,
/// Holm-corrected together (Holm 1979: the i-th smallest of m p-values is multiplied by m − i + 1, then made monotone).
/// A model is a fusion when its parameters name members (<c>models</c>, <c>base</c> or <c>warm</c>).
/// </summary>
public static class BestModelComparisons
{
    /// <summary>True when the result line is a fusion of other models.</summary>
    public static bool IsFusion(ModelResult model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.MemberFitSeconds is not null || model.Parameters.ContainsKey("models") || model.Parameters.ContainsKey("base") || model.Parameters.ContainsKey("warm");
    }

    /// <summary>The comparisons for <paramref name="metrics"/> over the models that kept their per-user report.</summary>
    public static IReadOnlyList<BestModelComparison> Compute(ExperimentResult result, IReadOnlyList<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(metrics);
        var models = result.Models.Where(m => m.Report is not null).ToList();
        var raw = new List<(ModelResult Best, ModelResult Rival, string Role, PairedComparison Test)>();
        foreach (var metric in metrics)
        {
            var ranked = models.Where(m => m.Metrics.TryGetValue(metric, out var v) && double.IsFinite(v))
                .OrderByDescending(m => m.Metrics[metric]).ToList();
            if (ranked.Count < 2) continue;
            var best = ranked[0];
            raw.Add((best, ranked[1], "runner-up", SignificanceTests.PairedTTest(best.Report!, ranked[1].Report!, metric)));
            var single = ranked.Skip(1).FirstOrDefault(m => !IsFusion(m));
            if (IsFusion(best) && single is not null && !ReferenceEquals(single, ranked[1]))
                raw.Add((best, single, "best single model", SignificanceTests.PairedTTest(best.Report!, single.Report!, metric)));
        }
        var adjusted = Holm(raw.Select(r => r.Test.PValue).ToArray());
        return raw.Select((r, i) => new BestModelComparison(r.Best.Name, r.Rival.Name, r.Role, r.Test, adjusted[i])).ToList();
    }

    /// <summary>Holm's step-down adjustment of <paramref name="p"/> (NaN stays NaN and does not count).</summary>
    public static double[] Holm(IReadOnlyList<double> p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var order = Enumerable.Range(0, p.Count).Where(i => !double.IsNaN(p[i])).OrderBy(i => p[i]).ToArray();
        var result = p.ToArray();
        var running = 0.0;
        for (var r = 0; r < order.Length; r++)
        {
            running = Math.Max(running, Math.Min(1, (order.Length - r) * p[order[r]]));
            result[order[r]] = running;
        }
        return result;
    }

    /// <summary>A p-value as a reader wants it: "p &lt; 0.001" below 0.001, else three significant digits ("p = 0.0123").</summary>
    public static string FormatP(double p) =>
        double.IsNaN(p) ? "p n/a" : p < 0.001 ? "p < 0.001" : $"p = {p.ToString("G3", CultureInfo.InvariantCulture)}";

    /// <summary>One line per comparison, e.g. <c>ndcg@10: ltr > ease (best single model) by +0.0123, t = 3.10, p = 0.00210 (Holm)</c>.</summary>
    public static string Describe(BestModelComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var inv = CultureInfo.InvariantCulture;
        return $"{c.Test.Metric}: {c.Best} vs {c.Rival} ({c.Role}): {c.Test.MeanDifference.ToString("+0.0000;-0.0000;0", inv)}, " +
            $"t = {c.Test.Statistic.ToString("F2", inv)}, {FormatP(c.Test.PValue)}, Holm-adjusted {FormatP(c.AdjustedP)}";
    }
}
