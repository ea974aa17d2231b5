using Microsoft.Data.Analysis;

namespace ResearchKit.Plotting;

/// <summary>
/// Renders a Microsoft.Data.Analysis <see cref="DataFrame"/> as the kit's HTML table (an <see cref="HtmlTable"/>,
/// which notebooks display as HTML). Microsoft.Data.Analysis also ships a .NET Interactive extension that formats
/// DataFrames when the kernel loads the package itself; this works wherever the kit does, kernel or headless runner.
/// </summary>
public static class DataFrameHtml
{
    /// <summary>The first <paramref name="maxRows"/> rows (default 10) as an HTML table, captioned with the frame's shape.</summary>
    public static HtmlTable ToHtml(this DataFrame frame, int maxRows = 10, string? caption = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRows);
        var rows = frame.Rows.Count;
        var shown = (int)Math.Min(rows, maxRows);
        var shape = $"{rows:N0} rows × {frame.Columns.Count} columns" + (shown < rows ? $" (first {shown})" : "");
        var table = new HtmlTable(frame.Columns.Select(c => $"{c.Name} ({c.DataType.Name})"), caption is null ? shape : $"{caption}: {shape}");
        for (var r = 0; r < shown; r++)
        {
            var cells = new object?[frame.Columns.Count];
            for (var c = 0; c < cells.Length; c++) cells[c] = frame.Columns[c][r];
            table.AddRow(cells);
        }
        return table;
    }
}
