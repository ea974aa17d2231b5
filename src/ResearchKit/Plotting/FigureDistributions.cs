using System.Text.Json.Nodes;

namespace ResearchKit.Plotting;

// Distribution traces of Figure: histogram, box (with precomputed statistics) and heatmap.
public sealed partial class Figure
{
    /// <summary>Adds a histogram of <paramref name="values"/> (plotly picks the bins unless <paramref name="bins"/> is set).</summary>
    public Figure Histogram(IEnumerable<double> values, string? name = null, int? bins = null, bool logY = false, int row = 1, int column = 1)
    {
        var trace = Base("histogram", name, row, column);
        trace["x"] = Numbers(values);
        if (bins is { } b)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(b, 1, nameof(bins));
            trace["nbinsx"] = b;
        }
        if (logY) Axis("y", row, column)["type"] = "log";
        return Add(trace, null);
    }

    /// <summary>
    /// Adds a box plot of <paramref name="values"/> (one box per call; the name labels it). The quartiles and Tukey
    /// fences (1.5 × IQR, clipped to the data) are computed here and only those five numbers are sent to plotly,
    /// so a box over a million values stays a few bytes in a notebook.
    /// </summary>
    public Figure Box(IEnumerable<double> values, string? name = null, int row = 1, int column = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException($"Box '{name}' has no finite values.", nameof(values));
        double q1 = Quantile(sorted, 0.25), median = Quantile(sorted, 0.5), q3 = Quantile(sorted, 0.75);
        var iqr = q3 - q1;
        var lower = sorted.First(v => v >= q1 - 1.5 * iqr);
        var upper = sorted.Last(v => v <= q3 + 1.5 * iqr);
        var trace = Base("box", name, row, column);
        trace["x"] = new JsonArray(name ?? $"box {_traces.Count + 1}");
        trace["q1"] = new JsonArray(q1);
        trace["median"] = new JsonArray(median);
        trace["q3"] = new JsonArray(q3);
        trace["lowerfence"] = new JsonArray(lower);
        trace["upperfence"] = new JsonArray(upper);
        return Add(trace, null);
    }

    // Linear interpolation between closest ranks (numpy's default), on sorted values.
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(position);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
    }

    /// <summary>Adds a heatmap; <paramref name="z"/> is [row, column] with rows along y.</summary>
    public Figure Heatmap(double[,] z, IReadOnlyList<string>? xLabels = null, IReadOnlyList<string>? yLabels = null,
        string colorscale = "Viridis", int row = 1, int column = 1)
    {
        ArgumentNullException.ThrowIfNull(z);
        var rows = new JsonArray();
        for (var i = 0; i < z.GetLength(0); i++)
        {
            var r = new JsonArray();
            for (var j = 0; j < z.GetLength(1); j++) r.Add(Number(z[i, j]));
            rows.Add(r);
        }
        var trace = Base("heatmap", null, row, column);
        trace["z"] = rows;
        trace["colorscale"] = colorscale;
        if (xLabels is not null) trace["x"] = Strings(xLabels);
        if (yLabels is not null) trace["y"] = Strings(yLabels);
        return Add(trace, null);
    }
}
