using System.Globalization;
using System.Net;
using System.Text;
using ResearchKit.Plotting;
using ResearchKit.Serialization;
using ResearchKit.Experiments;
using ResearchKit.Evaluation;

namespace ResearchKit.Reports;

/// <summary>
/// A standalone HTML report of an <see cref="ExperimentResult"/>: the results table (with a legend for its bold
/// cells), bar charts of nDCG@k and recall@k with bootstrap 95% intervals, a beyond-accuracy chart (novelty,
/// diversity, serendipity, coverage, Gini, ARP), the cold/warm user and head/tail item breakdown, and paired t-tests of the
/// best model against the runner-up and the best single model, Holm-corrected (<see cref="BestModelComparisons"/>). plotly.js is inlined when node_modules has it, so the page works offline;
/// otherwise it is loaded from the CDN.
/// </summary>
public static class HtmlReport
{
    /// <summary>Builds the page text. Models without an in-process report (read from JSON) get the table only.</summary>
    public static string Build(ExperimentResult result, string title = "ResearchKit experiment", int bootstrapResamples = 500, SegmentOptions? segments = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        var k = result.K;
        var inv = CultureInfo.InvariantCulture;
        var withReports = result.Models.Where(m => m.Report is not null).ToList();
        var body = new StringBuilder();
        body.Append("<h1>").Append(WebUtility.HtmlEncode(title)).Append("</h1>\n");
        body.Append("<p>Protocol: every test user gets a top-").Append(k).Append(" list over the full catalogue with training items excluded; ")
            .Append("held-out interactions are relevant (binary); see docs/evaluation.md for the metric definitions.</p>\n");
        body.Append(result.ToHtml().ToHtmlString()).Append('\n');
        if (result.Models.Count > 1)
            body.Append("<p style=\"font-size:13px\">").Append(WebUtility.HtmlEncode(result.ToHtml().Legend)).Append("</p>\n");
        var figures = new List<Figure>();
        foreach (var metric in new[] { $"ndcg@{k}", $"recall@{k}" })
        {
            var scores = withReports.Where(m => m.Report!.HasPerUserValues(metric))
                .Select(m => ResultCharts.Score(m, metric, bootstrapResamples, 0.95, result.Seed)).ToList();
            if (scores.Count > 0) figures.Add(Charts.ModelComparison(metric, scores).WithTitle($"{metric} by model (bootstrap 95% CI over users)"));
        }
        if (result.Models.Any(m => m.Metrics.ContainsKey($"coverage@{k}") || m.Metrics.ContainsKey($"novelty@{k}")))
            figures.Add(ResultCharts.BeyondAccuracy(result, bootstrapResamples, 0.95, result.Seed));
        if (withReports.Count > 0 && withReports[0].Report!.Context.UserItems is not null)
        {
            var o = segments ?? new SegmentOptions();
            body.Append("<h2>Segments</h2>\n<p style=\"font-size:13px\">Each cell: ndcg@").Append(k).Append(" / recall@").Append(k)
                .Append(" over the segment, and in brackets the number of test users it counts. User segments split the test users by ")
                .Append("their training interactions (cold: at most ").Append(o.ColdUserMaxTrainItems).Append(" distinct items). Item segments ")
                .Append("score the same lists against the held-out items of that segment only (head: the most popular training items that ")
                .Append("make up ").Append((o.HeadInteractionShare * 100).ToString("0.#", inv)).Append("% of training interactions; tail: the rest), ")
                .Append("counting the users with at least one such held-out item.</p>\n")
                .Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\"><thead><tr><th style=\"padding:4px 8px\">model</th>");
            var segmentNames = Segments.Compute(withReports[0].Report!, segments).Select(s => s.Name).ToList();
            foreach (var s in segmentNames)
                body.Append("<th style=\"padding:4px 8px\">").Append(WebUtility.HtmlEncode($"{s}: ndcg@{k} / recall@{k} (test users)")).Append("</th>");
            body.Append("</tr></thead><tbody>\n");
            foreach (var m in withReports)
            {
                body.Append("<tr><td style=\"padding:4px 8px\">").Append(WebUtility.HtmlEncode(m.Name)).Append("</td>");
                foreach (var s in Segments.Compute(m.Report!, segments))
                    body.Append("<td style=\"padding:4px 8px;text-align:right\">")
                        .Append(MetricFormat.Value(s.Metrics[$"ndcg@{k}"])).Append(" / ").Append(MetricFormat.Value(s.Metrics[$"recall@{k}"]))
                        .Append(" (").Append(s.Users.ToString("N0", inv)).Append(")</td>");
                body.Append("</tr>\n");
            }
            body.Append("</tbody></table>\n");
        }
        var comparisons = BestModelComparisons.Compute(result, [$"ndcg@{k}", $"recall@{k}"]);
        if (comparisons.Count > 0)
        {
            body.Append("<h2>Is the best model significantly better? (one-sided paired t-test over users, Holm-corrected across these rows)</h2>\n")
                .Append("<table style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\"><thead><tr><th style=\"padding:4px 8px\">metric</th><th style=\"padding:4px 8px\">best</th><th style=\"padding:4px 8px\">against</th><th style=\"padding:4px 8px\">mean difference</th><th style=\"padding:4px 8px\">t</th><th style=\"padding:4px 8px\">p</th><th style=\"padding:4px 8px\">p (Holm)</th></tr></thead><tbody>\n");
            foreach (var c in comparisons)
                body.Append("<tr><td style=\"padding:4px 8px\">").Append(c.Test.Metric).Append("</td><td style=\"padding:4px 8px\">").Append(WebUtility.HtmlEncode(c.Best))
                    .Append("</td><td style=\"padding:4px 8px\">").Append(WebUtility.HtmlEncode($"{c.Rival} ({c.Role})"))
                    .Append("</td><td style=\"padding:4px 8px;text-align:right\">").Append(c.Test.MeanDifference.ToString("+0.0000;-0.0000;0", inv))
                    .Append("</td><td style=\"padding:4px 8px;text-align:right\">").Append(c.Test.Statistic.ToString("F2", inv))
                    .Append("</td><td style=\"padding:4px 8px;text-align:right\">").Append(WebUtility.HtmlEncode(BestModelComparisons.FormatP(c.Test.PValue)))
                    .Append("</td><td style=\"padding:4px 8px;text-align:right\">").Append(WebUtility.HtmlEncode(BestModelComparisons.FormatP(c.AdjustedP))).Append("</td></tr>\n");
            body.Append("</tbody></table>\n");
        }
        return Page(title, body.ToString(), figures);
    }

    /// <summary>Writes <see cref="Build"/> to <paramref name="path"/>, creating the folder.</summary>
    public static void Save(ExperimentResult result, string path, string title = "ResearchKit experiment")
    {
        ArgumentNullException.ThrowIfNull(path);
        AtomicFile.WriteAllText(path, Build(result, title));
    }

    private static string Page(string title, string body, IReadOnlyList<Figure> figures)
    {
        string script;
        try
        {
            script = "<script type=\"text/javascript\">" + File.ReadAllText(PlotlyHtml.FindPlotlyJs()).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>";
        }
        catch (FileNotFoundException)
        {
            script = $"<script type=\"text/javascript\" src=\"{PlotlyHtml.CdnUrl}\"></script>";
        }
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(WebUtility.HtmlEncode(title)).Append("</title>\n")
            .Append(script).Append("\n</head>\n<body style=\"font-family:sans-serif;margin:24px\">\n").Append(body);
        for (var i = 0; i < figures.Count; i++)
        {
            var id = $"rk-report-figure-{i}";
            page.Append($"<div id=\"{id}\" style=\"width:100%;height:{figures[i].Height}px;\"></div>\n")
                .Append("<script type=\"text/javascript\">(function () { var figure = ").Append(figures[i].ToJson())
                .Append($"; Plotly.newPlot('{id}', figure.data, figure.layout, figure.config); }})();</script>\n");
        }
        page.Append("</body>\n</html>\n");
        return page.ToString();
    }
}
