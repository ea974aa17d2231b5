using ResearchKit.Data;
using ResearchKit.Evaluation;
using ResearchKit.Models;
using ResearchKit.Experiments;
using ResearchKit.Plotting;

namespace ResearchKit.Reports;

/// <summary>
/// Figures and tables drawn straight from experiment results (<see cref="ExperimentResult"/>, <see cref="EvaluationReport"/>);
/// the generic builders they use are <see cref="Charts"/> in Plotting, which knows nothing of experiments.
/// </summary>
public static class ResultCharts
{
    /// <summary>The cut-offs <see cref="MetricVsK(IEnumerable{ExperimentModel}, Dataset, Dataset, IReadOnlyList{string}, IReadOnlyList{int})"/> uses by default.</summary>
    public static readonly IReadOnlyList<int> DefaultCutoffs = [1, 5, 10, 20, 50];

    /// <summary>
    /// Evaluates every fitted model once per cut-off k (accuracy metrics only, training items excluded) and draws
    /// each of <paramref name="metrics"/>@k against k in its own subplot, one line per model. Metric names come
    /// without "@k": precision, recall, hit, mrr, ndcg or map. Default cut-offs: <see cref="DefaultCutoffs"/>.
    /// </summary>
    public static Figure MetricVsK(IEnumerable<ExperimentModel> fittedModels, Dataset train, Dataset test, IReadOnlyList<string> metrics, IReadOnlyList<int>? cutoffs = null)
    {
        ArgumentNullException.ThrowIfNull(fittedModels);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(metrics);
        var ks = cutoffs ?? DefaultCutoffs;
        var trainingSet = new TrainingSet(train);
        var curves = metrics.ToDictionary(m => m, _ => new List<KeyValuePair<string, IReadOnlyList<(int K, double Value)>>>());
        foreach (var m in fittedModels)
        {
            var points = metrics.ToDictionary(x => x, _ => new List<(int K, double Value)>());
            foreach (var k in ks)
            {
                var report = Evaluator.Evaluate(m.Model, trainingSet, test, new EvaluationOptions { K = k, Auc = false, BeyondAccuracy = false, RatingErrors = false });
                foreach (var metric in metrics) points[metric].Add((k, report[$"{metric}@{k}"]));
            }
            foreach (var metric in metrics) curves[metric].Add(new(m.Name, points[metric]));
        }
        return Charts.MetricVsK(metrics.Select(metric =>
            KeyValuePair.Create(metric, (IEnumerable<KeyValuePair<string, IReadOnlyList<(int K, double Value)>>>)curves[metric])));
    }

    /// <summary>
    /// One bar per model for <paramref name="metric"/> with a bootstrap confidence interval over test users
    /// (<see cref="Bootstrap.Interval"/>) as error bars, when the result still holds its reports.
    /// </summary>
    public static Figure ModelComparison(ExperimentResult result, string metric, int resamples = 500, double level = 0.95, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(result);
        var scores = result.Models.Select(m => Score(m, metric, resamples, level, seed));
        return Charts.ModelComparison(metric, scores).WithTitle($"{metric} by model ({level * 100:0}% bootstrap CI)");
    }

    /// <summary>
    /// Beyond accuracy at a glance: one subplot per metric the result has among novelty, diversity, serendipity,
    /// coverage, Gini and ARP (each @k), one bar per model, each subplot on its own scale and titled with its
    /// direction (<see cref="MetricDirections"/>). Per-user metrics get bootstrap intervals over test users, as in
    /// <see cref="ModelComparison(ExperimentResult, string, int, double, int)"/>; coverage and Gini are catalogue-level
    /// values without one.
    /// </summary>
    public static Figure BeyondAccuracy(ExperimentResult result, int resamples = 500, double level = 0.95, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(result);
        var k = result.K;
        var metrics = new[] { "novelty", "diversity", "serendipity", "coverage", "gini", "arp" }
            .Select(m => $"{m}@{k}").Where(m => result.Models.Any(x => x.Metrics.ContainsKey(m))).ToList();
        var figure = new Figure($"Beyond accuracy @{k} ({level * 100:0}% bootstrap CI where per-user)")
            .WithGrid(1, Math.Max(1, metrics.Count)).WithLegend(false);
        for (var c = 0; c < metrics.Count; c++)
        {
            var metric = metrics[c];
            var scores = result.Models.Where(m => m.Metrics.ContainsKey(metric)).Select(m => Score(m, metric, resamples, level, seed)).ToList();
            var hasCi = scores.Any(s => s.Lower is not null);
            figure.Bar(scores.Select(s => s.Model), scores.Select(s => s.Value), metric,
                    errorPlus: hasCi ? scores.Select(s => s.Upper is { } u ? u - s.Value : 0) : null,
                    errorMinus: hasCi ? scores.Select(s => s.Lower is { } l ? s.Value - l : 0) : null, row: 1, column: c + 1)
                .WithSubplotTitle($"{metric} ({MetricDirections.Describe(metric)})", 1, c + 1)
                .WithYAxis(metric, row: 1, column: c + 1);
        }
        return figure;
    }

    /// <summary><paramref name="metric"/> per segment (cold/warm users, head/tail items), grouped bars, one colour per model.</summary>
    public static Figure SegmentComparison(ExperimentResult result, string metric, SegmentOptions? options = null) =>
        Charts.ModelComparison(SegmentValues(result, metric, options), $"{metric} by segment").WithYAxis(metric);

    /// <summary>The same as <see cref="SegmentComparison"/> as a table: one row per model, one column per segment.</summary>
    public static HtmlTable SegmentTable(ExperimentResult result, string metric, SegmentOptions? options = null) =>
        HtmlTable.Metrics(SegmentValues(result, metric, options), $"{metric} by segment");

    /// <summary>Popularity bias of each model's evaluated top-k lists against the catalogue (see <see cref="Charts.RecommendedPopularity(Dataset, IEnumerable{KeyValuePair{string, IEnumerable{Recommendations}}})"/>).</summary>
    public static Figure RecommendedPopularity(ExperimentResult result, Dataset train)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Charts.RecommendedPopularity(train, result.Models.Where(m => m.Report is not null).Select(m =>
            KeyValuePair.Create(m.Name, Lists(m.Report!.Recommendations))));
    }

    /// <summary>
    /// One model's bar: the bootstrap estimate and interval over test users when its report holds per-user values of
    /// <paramref name="metric"/>, else the aggregate alone.
    /// </summary>
    internal static ModelScore Score(ModelResult m, string metric, int resamples, double level, int seed)
    {
        if (m.Report is null || !m.Report.HasPerUserValues(metric)) return new ModelScore(m.Name, m.Metrics[metric]);
        var ci = Bootstrap.Interval(m.Report, metric, resamples, level, seed);
        return new ModelScore(m.Name, ci.Estimate, ci.Lower, ci.Upper);
    }

    private static IEnumerable<Recommendations> Lists(RecommendationLists lists)
    {
        for (var row = 0; row < lists.Count; row++)
            yield return new Recommendations(lists.Items(row).ToArray(), lists.Scores(row).ToArray());
    }

    private static List<KeyValuePair<string, IReadOnlyDictionary<string, double>>> SegmentValues(ExperimentResult result, string metric, SegmentOptions? options)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Models.Where(m => m.Report is not null).Select(m => KeyValuePair.Create(m.Name,
            (IReadOnlyDictionary<string, double>)Segments.Compute(m.Report!, options).ToDictionary(s => s.Name, s => s.Metrics.TryGetValue(metric, out var v) ? v : double.NaN))).ToList();
    }
}
