using ResearchKit.Evaluation;
using Spectre.Console;
using ResearchKit.Experiments;

namespace ResearchKit.Cli;

/// <summary>Terminal tables (Spectre.Console) for metric dictionaries and experiment results.</summary>
internal static class MetricsTables
{
    /// <summary>Writes a table, with its caption on the line above, to stdout: the result of the command.</summary>
    public static void Write(Table table)
    {
        if (table.Title is { } title) KitConsole.Out.MarkupLine(title.Text);
        table.Title = null;   // Spectre wraps a title to the table's width; the caption line above does not wrap
        KitConsole.Out.Write(table);
    }

    /// <summary>One metric per row, one column per model (fits a terminal better than the wide HTML table).</summary>
    public static Table ForExperiment(ExperimentResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"{Markup.Escape(result.Dataset.Name)}: {result.Dataset.Users:N0} users, {result.Dataset.Items:N0} items, {result.Dataset.Train:N0} train / {result.Dataset.Test:N0} test, k={result.K}");
        table.AddColumn("metric");
        foreach (var m in result.Models) table.AddColumn(new TableColumn(Markup.Escape(m.Name)).RightAligned());
        foreach (var metric in result.MetricNames)
        {
            var values = result.Models.Select(m => m.Metrics.TryGetValue(metric, out var v) ? v : double.NaN).ToList();
            var best = MetricDirections.Best(metric, values);
            table.AddRow([metric, .. values.Select(v => result.Models.Count > 1 && v == best ? $"[bold green]{MetricFormat.Value(v)}[/]" : MetricFormat.Value(v))]);
        }
        table.AddRow(["fit s", .. result.Models.Select(m => MetricFormat.Seconds(m.FitSeconds))]);
        table.AddRow(["recommend s", .. result.Models.Select(m => MetricFormat.Seconds(m.RecommendSeconds))]);
        return table;
    }

    /// <summary>Metric / value rows.</summary>
    public static Table ForReport(string title, EvaluationReport report)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(title));
        table.AddColumn("metric"); table.AddColumn(new TableColumn("value").RightAligned());
        foreach (var name in report.MetricNames) table.AddRow(name, MetricFormat.Value(report.Aggregates[name]));
        return table;
    }
}
