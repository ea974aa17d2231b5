using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Plotting;

/// <summary>A metric value of one model, with an optional confidence interval (e.g. from the bootstrap).</summary>
/// <param name="Model">Model name.</param>
/// <param name="Value">Point estimate.</param>
/// <param name="Lower">Lower end of the interval, if known.</param>
/// <param name="Upper">Upper end of the interval, if known.</param>
public sealed record ModelScore(string Model, double Value, double? Lower = null, double? Upper = null);

/// <summary>Ready-made figures for the kit's results and data.</summary>
public static class Charts
{
    /// <summary>One line per model: <paramref name="metric"/> (e.g. "ndcg") at each cut-off k.</summary>
    public static Figure MetricVsK(string metric, IEnumerable<KeyValuePair<string, IReadOnlyList<(int K, double Value)>>> curvesByModel)
    {
        ArgumentNullException.ThrowIfNull(curvesByModel);
        return MetricVsK([KeyValuePair.Create(metric, curvesByModel)]);
    }

    /// <summary>
    /// Several metrics side by side (one subplot each, e.g. ndcg and recall), one line per model with the same
    /// colour and a single legend entry across subplots. Input: metric → (model → points).
    /// </summary>
    public static Figure MetricVsK(IEnumerable<KeyValuePair<string, IEnumerable<KeyValuePair<string, IReadOnlyList<(int K, double Value)>>>>> curvesByMetric)
    {
        ArgumentNullException.ThrowIfNull(curvesByMetric);
        var metrics = curvesByMetric.ToList();
        var figure = new Figure(string.Join(", ", metrics.Select(m => m.Key)) + " vs k").WithGrid(1, Math.Max(1, metrics.Count));
        var colours = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < metrics.Count; c++)
        {
            var (metric, curves) = metrics[c];
            figure.WithXAxis("k (list length)", row: 1, column: c + 1).WithYAxis($"{metric}@k", row: 1, column: c + 1);
            foreach (var (model, points) in curves)
            {
                var first = !colours.ContainsKey(model);
                if (first) colours[model] = Figure.Palette[colours.Count % Figure.Palette.Count];
                var ordered = points.OrderBy(p => p.K).ToList();
                figure.Line(ordered.Select(p => (double)p.K), ordered.Select(p => p.Value), model, markers: true,
                    row: 1, column: c + 1, color: colours[model], showInLegend: first);
            }
        }
        return figure;
    }

    /// <summary>
    /// Bars of one metric per model, with error bars where an interval is given (asymmetric: value − lower, upper − value).
    /// </summary>
    public static Figure ModelComparison(string metric, IEnumerable<ModelScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var list = scores.ToList();
        var figure = new Figure($"{metric} by model").WithYAxis(metric).WithLegend(false);
        var hasCi = list.Any(s => s.Lower is not null || s.Upper is not null);
        figure.Bar(list.Select(s => s.Model), list.Select(s => s.Value), metric,
            errorPlus: hasCi ? list.Select(s => s.Upper is { } u ? u - s.Value : 0) : null,
            errorMinus: hasCi ? list.Select(s => s.Lower is { } l ? s.Value - l : 0) : null);
        return figure;
    }

    /// <summary>Grouped bars: one group per metric, one bar per model.</summary>
    public static Figure ModelComparison(IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, double>>> metricsByModel, string title = "Models compared")
    {
        ArgumentNullException.ThrowIfNull(metricsByModel);
        var models = metricsByModel.ToList();
        var metrics = models.SelectMany(m => m.Value.Keys).Distinct().ToList();
        var figure = new Figure(title).WithBarMode(BarMode.Group).WithYAxis("value");
        foreach (var (model, values) in models)
            figure.Bar(metrics, metrics.Select(m => values.TryGetValue(m, out var v) ? v : double.NaN), model);
        return figure;
    }

    /// <summary>
    /// Training curves from the <see cref="FitProgress"/> reports of fits (reports without a loss are skipped): one
    /// subplot per model, because models report losses on different scales (ALS its objective, BPR the share of
    /// misordered triples, MF the training RMSE).
    /// </summary>
    public static Figure TrainingCurves(IEnumerable<FitProgress> progress, string lossName = "loss")
    {
        ArgumentNullException.ThrowIfNull(progress);
        var models = progress.Where(p => !double.IsNaN(p.Loss)).GroupBy(p => p.Model).ToList();
        var figure = new Figure("Training curves").WithGrid(1, Math.Max(1, models.Count)).WithLegend(false);
        for (var c = 0; c < models.Count; c++)
        {
            figure.Line(models[c].Select(p => (double)p.Step), models[c].Select(p => p.Loss), models[c].Key, markers: true, row: 1, column: c + 1,
                    color: Figure.Palette[c % Figure.Palette.Count])
                .WithSubplotTitle(models[c].Key, 1, c + 1)
                .WithXAxis("step (iteration / epoch)", row: 1, column: c + 1)
                .WithYAxis(lossName, row: 1, column: c + 1);
        }
        return figure;
    }

    /// <summary>
    /// The long tail: left, interactions per item by popularity rank (log scale); right, the cumulative share of
    /// interactions against the share of items (how concentrated demand is; the diagonal is perfect equality).
    /// </summary>
    public static Figure LongTail(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var counts = data.Interactions.CountPerItem(data.ItemCount).Where(c => c > 0).OrderDescending().Select(c => (double)c).ToArray();
        var total = counts.Sum();
        var cumulative = new double[counts.Length];
        double running = 0;
        for (var i = 0; i < counts.Length; i++) { running += counts[i]; cumulative[i] = running / total; }
        var share = Enumerable.Range(1, counts.Length).Select(i => (double)i / counts.Length).ToArray();
        var head = counts.Length == 0 ? 0 : cumulative[Math.Max(0, (int)Math.Ceiling(0.2 * counts.Length) - 1)];
        return new Figure($"Long tail of {data.Name}: top 20% of items get {head:P0} of interactions")
            .WithGrid(1, 2)
            .Line(Enumerable.Range(1, counts.Length).Select(i => (double)i), counts, "interactions per item")
            .WithXAxis("item popularity rank").WithYAxis("interactions", log: true)
            .Line(share, cumulative, "cumulative share", row: 1, column: 2)
            .Line([0.0, 1.0], [0.0, 1.0], "equality", row: 1, column: 2)
            .WithXAxis("share of items", row: 1, column: 2).WithYAxis("share of interactions", row: 1, column: 2)
            .WithLegend(true, horizontal: true);
    }

    /// <summary>Histogram of interactions per user (log count axis): how active users are.</summary>
    public static Figure UserActivity(Dataset data, int bins = 50)
    {
        ArgumentNullException.ThrowIfNull(data);
        var perUser = data.Interactions.CountPerUser(data.UserCount).Where(c => c > 0).Select(c => (double)c);
        return new Figure($"User activity in {data.Name}").Histogram(perUser, "users", bins, logY: true)
            .WithXAxis("interactions per user").WithYAxis("users", log: true);
    }

    /// <summary>
    /// Popularity bias: box plots of the training popularity of the items each model recommends, beside the
    /// catalogue's own distribution. Models that lean on the head sit high above the catalogue box.
    /// </summary>
    public static Figure RecommendedPopularity(Dataset train, IEnumerable<KeyValuePair<string, IEnumerable<Recommendations>>> recommendationsByModel)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(recommendationsByModel);
        var popularity = train.Interactions.CountPerItem(train.ItemCount);
        var figure = new Figure("Popularity of recommended items").WithYAxis("training interactions of the item", log: true).WithLegend(false);
        figure.Box(popularity.Where(p => p > 0).Select(p => (double)p), "catalogue");
        foreach (var (model, lists) in recommendationsByModel)
            figure.Box(lists.SelectMany(r => r.Items).Select(i => (double)Math.Max(1, popularity[i])), model);
        return figure;
    }
}
