using System.Globalization;
using System.Text.Encodings.Web;

namespace ResearchKit.Features;

/// <summary>
/// The HTML preview of a <see cref="FeatureSet"/>: a caption with shape and provenance, a statistics table
/// (one row per column: mean, std, min, max, missing) and the first rows of the matrix. Wide sets are cut to the
/// first columns with a note, so a 300-column set stays readable in a notebook.
/// </summary>
internal static class FeatureSetHtml
{
    public static void Write(FeatureSet set, TextWriter w, HtmlEncoder enc, int maxRows, int maxColumns)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(enc);
        var cols = Math.Min(set.ColumnCount, Math.Max(0, maxColumns));
        var rows = Math.Min(set.Rows, Math.Max(0, maxRows));
        var stats = set.Describe();

        w.Write("<div class=\"rk-featureset\">");
        w.Write($"<p><b>FeatureSet</b> {set.Rows.ToString("N0", CultureInfo.InvariantCulture)} rows × {set.ColumnCount} columns");
        w.Write(" &mdash; ");
        w.Write(enc.Encode(set.Provenance.ToString()));
        if (cols < set.ColumnCount) w.Write($" (showing the first {cols} columns)");
        w.Write("</p>");

        w.Write("<table><thead><tr><th>column</th><th>mean</th><th>std</th><th>min</th><th>max</th><th>missing</th></tr></thead><tbody>");
        for (var c = 0; c < cols; c++)
        {
            var s = stats[c];
            w.Write("<tr><td>"); w.Write(enc.Encode(s.Name)); w.Write("</td>");
            Cell(w, s.Mean); Cell(w, s.Std); Cell(w, s.Min); Cell(w, s.Max);
            w.Write("<td>"); w.Write(s.Missing.ToString(CultureInfo.InvariantCulture)); w.Write("</td></tr>");
        }
        w.Write("</tbody></table>");

        w.Write("<table><thead><tr><th>id</th>");
        for (var c = 0; c < cols; c++) { w.Write("<th>"); w.Write(enc.Encode(set.Columns[c])); w.Write("</th>"); }
        w.Write("</tr></thead><tbody>");
        for (var r = 0; r < rows; r++)
        {
            w.Write("<tr><td>");
            w.Write(enc.Encode(set.RowIds is null ? r.ToString(CultureInfo.InvariantCulture) : set.RowIds[r]));
            w.Write("</td>");
            var row = set.Row(r);
            for (var c = 0; c < cols; c++) Cell(w, row[c]);
            w.Write("</tr>");
        }
        w.Write("</tbody></table>");
        if (rows < set.Rows) w.Write($"<p>… {(set.Rows - rows).ToString("N0", CultureInfo.InvariantCulture)} more rows</p>");
        w.Write("</div>");
    }

    private static void Cell(TextWriter w, double v)
    {
        w.Write("<td>");
        w.Write(double.IsNaN(v) ? "NaN" : v.ToString("G4", CultureInfo.InvariantCulture));
        w.Write("</td>");
    }
}
