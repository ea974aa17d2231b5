using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using ResearchKit.Data;

namespace ResearchKit.Evaluation;

/// <summary>
/// The outcome of one evaluation: per-user metric values (row i = <see cref="Users"/>[i]), aggregates by metric name,
/// the top-k lists, and what segment breakdowns and confidence intervals need. Renders as a metric table in notebooks.
/// </summary>
public sealed class EvaluationReport : IHtmlContent
{
    private readonly MetricTable _table;
    private readonly Dictionary<string, int> _metricIndex = new(StringComparer.Ordinal);

    internal EvaluationReport(string model, MetricTable table, RecommendationLists lists, CsrMatrix relevant, EvaluationContext context)
    {
        Model = model; _table = table; Recommendations = lists; Relevant = relevant; Context = context;
        for (var m = 0; m < MetricTable.MetricCount; m++)
            if (table.Enabled[m]) _metricIndex[table.Name((UserMetric)m)] = m;
        var all = new int[lists.Count];
        for (var i = 0; i < all.Length; i++) all[i] = i;
        Aggregates = table.Aggregate(all, lists);
        MetricNames = table.Names();
    }

    /// <summary>The evaluated model (or recommendation file).</summary>
    public string Model { get; }

    /// <summary>The cut-off k.</summary>
    public int K => _table.K;

    /// <summary>Metric names in report order.</summary>
    public IReadOnlyList<string> MetricNames { get; }

    /// <summary>Aggregates by metric name: means over users (NaN values skipped), pooled RMSE/MAE, catalogue coverage and Gini.</summary>
    public IReadOnlyDictionary<string, double> Aggregates { get; }

    /// <summary>The aggregate value of <paramref name="metric"/>; throws naming the known metrics when unknown.</summary>
    public double this[string metric] => Aggregates.TryGetValue(metric, out var v) ? v
        : throw new KeyNotFoundException($"No metric '{metric}' in this report; it has: {string.Join(", ", MetricNames)}.");

    /// <summary>Evaluated users (dense ids, ascending).</summary>
    public ReadOnlySpan<int> Users => Recommendations.Users;

    /// <summary>Number of evaluated users.</summary>
    public int UserCount => Recommendations.Count;

    /// <summary>The top-k lists, row-aligned with <see cref="Users"/>.</summary>
    public RecommendationLists Recommendations { get; }

    /// <summary>The relevant (held-out) items per user, user × item.</summary>
    public CsrMatrix Relevant { get; }

    /// <summary>Training-derived context (popularity, histories, similarity).</summary>
    public EvaluationContext Context { get; }

    /// <summary>True when <paramref name="metric"/> has per-user values (all but coverage and Gini).</summary>
    public bool HasPerUserValues(string metric) => _metricIndex.ContainsKey(metric);

    /// <summary>Per-user values of <paramref name="metric"/> aligned with <see cref="Users"/> (NaN where undefined for a user).</summary>
    public ReadOnlySpan<double> PerUser(string metric) =>
        _metricIndex.TryGetValue(metric, out var m) ? _table.Values[m]
            : throw new KeyNotFoundException($"Metric '{metric}' has no per-user values; per-user metrics: {string.Join(", ", _metricIndex.Keys)}.");

    /// <summary>Aggregates over the given rows (indices into <see cref="Users"/>; repeats allowed).</summary>
    public IReadOnlyDictionary<string, double> AggregateRows(ReadOnlySpan<int> rows) => _table.Aggregate(rows, Recommendations);

    internal MetricTable Table => _table;

    /// <inheritdoc />
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(encoder);
        writer.Write($"<table class=\"rk-report\" style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\"><caption style=\"text-align:left\">{encoder.Encode(Model)}: {UserCount:N0} users</caption><tbody>");
        foreach (var name in MetricNames)
            writer.Write($"<tr><td style=\"padding:2px 8px\">{encoder.Encode(name)}</td><td style=\"padding:2px 8px;text-align:right\">{encoder.Encode(MetricFormat.Value(Aggregates[name]))}</td></tr>");
        writer.Write("</tbody></table>");
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{Model} ({UserCount:N0} users): " + string.Join(", ", MetricNames.Select(n => $"{n}={Aggregates[n].ToString("F4", CultureInfo.InvariantCulture)}"));
}
