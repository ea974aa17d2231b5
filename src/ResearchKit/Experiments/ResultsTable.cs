using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

using ResearchKit.Evaluation;

namespace ResearchKit.Experiments;

/// <summary>
/// The models × metrics table of an <see cref="ExperimentResult"/>. Implements <see cref="IHtmlContent"/>, so
/// notebooks show it as an HTML table (best value per column in bold, as <see cref="Legend"/> says, directions from
/// <see cref="MetricDirections"/>); <see cref="ToText"/> gives an aligned
/// plain-text table for logs.
/// </summary>
public sealed class ResultsTable(ExperimentResult result) : IHtmlContent
{
    private readonly ExperimentResult _result = result ?? throw new ArgumentNullException(nameof(result));

    /// <summary>Column headers: model, every metric, fit and recommend seconds.</summary>
    public IReadOnlyList<string> Columns => ["model", .. _result.MetricNames, "fit s", "recommend s"];

    /// <summary>Formatted cells, one row per model, aligned with <see cref="Columns"/>.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => _result.Models.Select(m => (IReadOnlyList<string>)
        [m.Name, .. _result.MetricNames.Select(n => MetricFormat.Value(Value(m, n))),
         MetricFormat.Seconds(m.FitSeconds), MetricFormat.Seconds(m.RecommendSeconds)]).ToList();

    /// <summary>True when lower is better for <paramref name="metric"/> (see <see cref="MetricDirections"/>).</summary>
    public static bool LowerIsBetter(string metric) => MetricDirections.LowerIsBetter(metric);

    /// <summary>
    /// What bold means in the HTML table: the best value of each column, naming the columns where that is the
    /// lowest (from <see cref="MetricDirections"/>).
    /// </summary>
    public string Legend
    {
        get
        {
            var lower = Columns.Skip(1).Where(MetricDirections.LowerIsBetter).ToList();
            return lower.Count == 0 ? "Bold: the best value in each column (the highest)."
                : $"Bold: the best value in each column: the lowest for {string.Join(", ", lower)}; the highest otherwise.";
        }
    }

    /// <inheritdoc />
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(encoder);
        var metrics = _result.MetricNames;
        var d = _result.Dataset;
        writer.Write("<table class=\"rk-results\" style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\">");
        writer.Write($"<caption style=\"text-align:left;padding:4px\">{encoder.Encode(d.Name)}: {d.Users:N0} users, {d.Items:N0} items, {d.Train:N0} train / {d.Test:N0} test, k = {_result.K}, seed = {_result.Seed}");
        if (_result.Models.Count > 1) writer.Write($"<br><span style=\"font-size:12px;color:#555\">{encoder.Encode(Legend)}</span>");
        writer.Write("</caption>");
        writer.Write("<thead><tr>");
        foreach (var c in Columns) writer.Write($"<th style=\"border-bottom:1px solid #888;padding:4px 8px;text-align:right\">{encoder.Encode(c)}</th>");
        writer.Write("</tr></thead><tbody>");
        var best = metrics.ToDictionary(n => n, n => MetricDirections.Best(n, _result.Models.Select(m => Value(m, n))), StringComparer.Ordinal);
        // Times compare as shown (2 decimals): two fits of 0.01 s tie rather than one winning on noise.
        var bestFit = MetricDirections.Best("fit s", _result.Models.Select(m => Math.Round(m.FitSeconds, 2)));
        var bestRecommend = MetricDirections.Best("recommend s", _result.Models.Select(m => Math.Round(m.RecommendSeconds, 2)));
        var marking = _result.Models.Count > 1;
        foreach (var m in _result.Models)
        {
            writer.Write($"<tr><td style=\"padding:4px 8px;text-align:right\">{encoder.Encode(m.Name)}</td>");
            foreach (var n in metrics)
            {
                var v = Value(m, n);
                Cell(writer, encoder.Encode(MetricFormat.Value(v)), marking && !double.IsNaN(v) && v == best[n]);
            }
            Cell(writer, MetricFormat.Seconds(m.FitSeconds), marking && Math.Round(m.FitSeconds, 2) == bestFit);
            Cell(writer, MetricFormat.Seconds(m.RecommendSeconds), marking && Math.Round(m.RecommendSeconds, 2) == bestRecommend);
            writer.Write("</tr>");
        }
        writer.Write("</tbody></table>");
    }

    private static double Value(ModelResult m, string metric) => m.Metrics.TryGetValue(metric, out var v) ? v : double.NaN;

    private static void Cell(TextWriter writer, string text, bool bold) =>
        writer.Write($"<td style=\"padding:4px 8px;text-align:right\">{(bold ? $"<b>{text}</b>" : text)}</td>");

    /// <summary>The HTML fragment as a string.</summary>
    public string ToHtmlString()
    {
        using var w = new StringWriter(CultureInfo.InvariantCulture);
        WriteTo(w, HtmlEncoder.Default);
        return w.ToString();
    }

    /// <summary>An aligned plain-text table.</summary>
    public string ToText()
    {
        var rows = new List<IReadOnlyList<string>> { Columns };
        rows.AddRange(Rows);
        var widths = Columns.Select((_, i) => rows.Max(r => r[i].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var r in rows) sb.AppendLine(string.Join("  ", r.Select((c, i) => c.PadLeft(widths[i]))));
        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => ToText();
}
