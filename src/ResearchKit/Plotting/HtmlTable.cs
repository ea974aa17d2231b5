using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Plotting;

/// <summary>
/// A small HTML table that renders in notebooks (it is an <see cref="IHtmlContent"/>): results per model,
/// recommendations for a user, or any rows. Numbers are formatted with <see cref="NumberFormat"/>; the best value of
/// chosen columns is shown in bold.
/// </summary>
public sealed class HtmlTable : IHtmlContent
{
    private readonly List<object?[]> _rows = [];
    private readonly Dictionary<int, bool> _highlight = []; // column → higher is better

    /// <summary>Creates a table with the given column headers.</summary>
    public HtmlTable(IEnumerable<string> columns, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = [.. columns];
        if (Columns.Count == 0) throw new ArgumentException("A table needs at least one column.", nameof(columns));
        Caption = caption;
    }

    /// <summary>Column headers.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Caption shown above the table.</summary>
    public string? Caption { get; }

    /// <summary>Format of floating-point cells (default "0.0000"); decimal cells (prices) always show two places.</summary>
    public string NumberFormat { get; init; } = "0.0000";

    /// <summary>Number of rows.</summary>
    public int RowCount => _rows.Count;

    /// <summary>The cell at (row, column).</summary>
    public object? this[int row, int column] => _rows[row][column];

    /// <summary>Adds a row; it must have one cell per column.</summary>
    public HtmlTable AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != Columns.Count)
            throw new ArgumentException($"Row has {cells.Length} cells but the table has {Columns.Count} columns ({string.Join(", ", Columns)}).", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>Shows the best numeric value of <paramref name="column"/> in bold (the largest, or the smallest when not <paramref name="higherIsBetter"/>).</summary>
    public HtmlTable HighlightBest(string column, bool higherIsBetter = true)
    {
        var index = Columns.ToList().IndexOf(column);
        if (index < 0) throw new ArgumentException($"Unknown column '{column}'; columns: {string.Join(", ", Columns)}.", nameof(column));
        _highlight[index] = higherIsBetter;
        return this;
    }

    /// <summary>
    /// One row per model, one column per metric (in first-seen order); the best value per metric is bold (direction
    /// from <see cref="Evaluation.MetricDirections"/>: lower is better for rmse, mae, gini, arp and times).
    /// </summary>
    public static HtmlTable Metrics(IEnumerable<KeyValuePair<string, IReadOnlyDictionary<string, double>>> byModel, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(byModel);
        var models = byModel.ToList();
        var metrics = models.SelectMany(m => m.Value.Keys).Distinct().ToList();
        var table = new HtmlTable(["model", .. metrics], caption);
        foreach (var (model, values) in models)
            table.AddRow([model, .. metrics.Select(m => values.TryGetValue(m, out var v) ? (object)v : null)]);
        foreach (var metric in metrics) table.HighlightBest(metric, !Evaluation.MetricDirections.LowerIsBetter(metric));
        return table;
    }

    /// <summary>
    /// The recommendations for <paramref name="user"/> with the item's external id and, when the dataset has a
    /// catalog, its title, category, brand and price.
    /// </summary>
    public static HtmlTable ForRecommendations(Dataset data, int user, Recommendations recommendations, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(recommendations);
        var catalog = data.Items;
        string[] columns = catalog is null ? ["rank", "item", "score"] : ["rank", "item", "title", "category", "brand", "price", "score"];
        var table = new HtmlTable(columns, caption ?? $"Top {recommendations.Count} for user {data.UserIds.ToExternal(user)}");
        for (var r = 0; r < recommendations.Count; r++)
        {
            var item = recommendations.Items[r];
            var id = data.ItemIds.ToExternal(item);
            if (catalog is null) { table.AddRow(r + 1, id, (double)recommendations.Scores[r]); continue; }
            var inCatalog = item < catalog.Count;
            table.AddRow(r + 1, id,
                inCatalog ? catalog.Title[item] : null,
                inCatalog && catalog.Category[item] >= 0 ? catalog.CategoryNames.ToExternal(catalog.Category[item]) : null,
                inCatalog && catalog.Brand[item] >= 0 ? catalog.BrandNames.ToExternal(catalog.Brand[item]) : null,
                inCatalog && !float.IsNaN(catalog.Price[item]) ? Math.Round((decimal)catalog.Price[item], 2) : null,
                (double)recommendations.Scores[r]);
        }
        return table;
    }

    /// <summary>A table of the public properties of <typeparamref name="T"/>, one row per element.</summary>
    public static HtmlTable From<T>(IEnumerable<T> rows, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var properties = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0).ToArray();
        var table = new HtmlTable(properties.Select(p => p.Name), caption);
        foreach (var row in rows) table.AddRow(properties.Select(p => p.GetValue(row)).ToArray());
        return table;
    }

    /// <summary>The table as an HTML fragment.</summary>
    public string ToHtml()
    {
        var best = _highlight.ToDictionary(kv => kv.Key, kv => BestOf(kv.Key, kv.Value));
        var html = new StringBuilder("<table class=\"researchkit-table\" style=\"border-collapse:collapse;font-family:sans-serif;font-size:13px\">");
        if (Caption is not null) html.Append("<caption style=\"text-align:left;font-weight:bold;padding:4px\">").Append(WebUtility.HtmlEncode(Caption)).Append("</caption>");
        html.Append("<thead><tr>");
        foreach (var c in Columns) html.Append("<th style=\"border-bottom:1px solid #888;padding:3px 8px;text-align:left\">").Append(WebUtility.HtmlEncode(c)).Append("</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in _rows)
        {
            html.Append("<tr>");
            for (var c = 0; c < row.Length; c++)
            {
                var numeric = AsDouble(row[c]) is not null;
                var bold = best.TryGetValue(c, out var b) && b is { } bv && AsDouble(row[c]) == bv;
                html.Append("<td style=\"padding:3px 8px;").Append(numeric ? "text-align:right;" : "").Append(bold ? "font-weight:bold;" : "").Append("\">")
                    .Append(WebUtility.HtmlEncode(Format(row[c]))).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    /// <inheritdoc />
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToHtml());
    }

    /// <summary>Plain text (tab-separated) for logs.</summary>
    public override string ToString() =>
        string.Join('\n', new[] { string.Join('\t', Columns) }.Concat(_rows.Select(r => string.Join('\t', r.Select(Format)))));

    private double? BestOf(int column, bool higherIsBetter)
    {
        var values = _rows.Select(r => AsDouble(r[column])).Where(v => v is { } d && !double.IsNaN(d)).Select(v => v!.Value).ToList();
        return values.Count == 0 ? null : higherIsBetter ? values.Max() : values.Min();
    }

    private static double? AsDouble(object? value) => value switch
    {
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        _ => null,
    };

    private string Format(object? value) => value switch
    {
        null => "",
        double d => d.ToString(NumberFormat, CultureInfo.InvariantCulture),
        float f => f.ToString(NumberFormat, CultureInfo.InvariantCulture),
        decimal m => m.ToString("0.00", CultureInfo.InvariantCulture), // decimals are money here (prices)
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
