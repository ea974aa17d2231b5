using System.Text.Encodings.Web;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Html;

namespace ResearchKit.Plotting;

/// <summary>How bars of several traces sharing categories are laid out.</summary>
public enum BarMode
{
    /// <summary>Side by side (plotly "group").</summary>
    Group,

    /// <summary>On top of each other (plotly "stack").</summary>
    Stack,
}

/// <summary>
/// A plotly.js figure built with typed methods: line, scatter, bar (grouped/stacked, with error bars), histogram,
/// box and heatmap traces, titles, axis labels, legends and a grid of subplots. <see cref="ToJson"/> gives plotly's
/// <c>{data, layout, config}</c>; as an <see cref="IHtmlContent"/> the figure renders as HTML in notebooks (VS Code
/// Polyglot Notebooks and the kit's runner alike); <see cref="SaveHtml"/> writes a standalone page that works offline.
/// Methods return the figure so calls chain. Rows and columns of subplots are 1-based.
/// </summary>
public sealed class Figure : IHtmlContent
{
    private readonly List<JsonObject> _traces = [];
    private readonly JsonObject _layout = [];
    private readonly List<JsonObject> _annotations = [];
    private int _rows = 1;
    private int _columns = 1;

    /// <summary>Creates an empty figure with an optional title.</summary>
    public Figure(string? title = null)
    {
        if (title is not null) _layout["title"] = new JsonObject { ["text"] = title };
    }

    /// <summary>Number of traces added.</summary>
    public int TraceCount => _traces.Count;

    /// <summary>Width in pixels when set (default: fill the container).</summary>
    public int? Width { get; private set; }

    /// <summary>Height in pixels (default 420).</summary>
    public int Height { get; private set; } = 420;

    /// <summary>Adds a line trace (with markers when <paramref name="markers"/>), optionally with symmetric y error bars.</summary>
    public Figure Line(IEnumerable<double> x, IEnumerable<double> y, string? name = null, IEnumerable<double>? yError = null,
        bool markers = false, int row = 1, int column = 1) =>
        Add(XY("scatter", Numbers(x), Numbers(y), name, row, column, m => m["mode"] = markers ? "lines+markers" : "lines"), yError);

    /// <summary>Adds a line trace over categories (e.g. model names or "k=5").</summary>
    public Figure Line(IEnumerable<string> x, IEnumerable<double> y, string? name = null, bool markers = true, int row = 1, int column = 1) =>
        Add(XY("scatter", Strings(x), Numbers(y), name, row, column, m => m["mode"] = markers ? "lines+markers" : "lines"), null);

    /// <summary>Adds a scatter trace (markers only), with optional hover labels and marker size.</summary>
    public Figure Scatter(IEnumerable<double> x, IEnumerable<double> y, string? name = null, IEnumerable<string>? labels = null,
        double markerSize = 6, int row = 1, int column = 1) =>
        Add(XY("scatter", Numbers(x), Numbers(y), name, row, column, m =>
        {
            m["mode"] = "markers";
            m["marker"] = new JsonObject { ["size"] = markerSize };
            if (labels is not null) m["text"] = Strings(labels);
        }), null);

    /// <summary>
    /// Adds a bar trace. Error bars: <paramref name="errorPlus"/> alone is symmetric; with <paramref name="errorMinus"/>
    /// they are asymmetric (e.g. a confidence interval: value − lower, upper − value). Several bar traces are grouped
    /// or stacked by <see cref="WithBarMode"/>.
    /// </summary>
    public Figure Bar(IEnumerable<string> categories, IEnumerable<double> values, string? name = null,
        IEnumerable<double>? errorPlus = null, IEnumerable<double>? errorMinus = null, bool horizontal = false, int row = 1, int column = 1)
    {
        var cats = Strings(categories);
        var vals = Numbers(values);
        var trace = horizontal
            ? XY("bar", vals, cats, name, row, column, m => m["orientation"] = "h")
            : XY("bar", cats, vals, name, row, column, null);
        if (errorPlus is not null)
        {
            var error = new JsonObject { ["type"] = "data", ["array"] = Numbers(errorPlus), ["visible"] = true };
            if (errorMinus is not null) { error["symmetric"] = false; error["arrayminus"] = Numbers(errorMinus); }
            trace[horizontal ? "error_x" : "error_y"] = error;
        }
        return Add(trace, null);
    }

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

    /// <summary>Adds a trace given as raw plotly JSON (for trace types or options not covered above).</summary>
    public Figure AddTrace(JsonObject trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        _traces.Add((JsonObject)trace.DeepClone());
        return this;
    }

    /// <summary>Splits the figure into a <paramref name="rows"/> × <paramref name="columns"/> grid of independent subplots.</summary>
    public Figure WithGrid(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        (_rows, _columns) = (rows, columns);
        _layout["grid"] = new JsonObject { ["rows"] = rows, ["columns"] = columns, ["pattern"] = "independent" };
        return this;
    }

    /// <summary>Titles one subplot (placed above it).</summary>
    public Figure WithSubplotTitle(string title, int row, int column)
    {
        var n = AxisNumber(row, column);
        _annotations.Add(new JsonObject
        {
            ["text"] = title, ["showarrow"] = false, ["font"] = new JsonObject { ["size"] = 14 },
            ["xref"] = $"x{(n == 1 ? "" : n)} domain", ["yref"] = $"y{(n == 1 ? "" : n)} domain",
            ["x"] = 0.5, ["y"] = 1.0, ["xanchor"] = "center", ["yanchor"] = "bottom",
        });
        return this;
    }

    /// <summary>Sets the figure title.</summary>
    public Figure WithTitle(string title)
    {
        _layout["title"] = new JsonObject { ["text"] = title };
        return this;
    }

    /// <summary>Labels the x axis of a subplot; <paramref name="log"/> makes it logarithmic.</summary>
    public Figure WithXAxis(string title, bool log = false, int row = 1, int column = 1) => SetAxis("x", title, log, row, column);

    /// <summary>Labels the y axis of a subplot; <paramref name="log"/> makes it logarithmic; optional fixed range.</summary>
    public Figure WithYAxis(string title, bool log = false, double? min = null, double? max = null, int row = 1, int column = 1)
    {
        SetAxis("y", title, log, row, column);
        if (min is not null || max is not null) Axis("y", row, column)["range"] = new JsonArray(Number(min ?? double.NaN), Number(max ?? double.NaN));
        return this;
    }

    /// <summary>Groups (default) or stacks bars.</summary>
    public Figure WithBarMode(BarMode mode)
    {
        _layout["barmode"] = mode == BarMode.Stack ? "stack" : "group";
        return this;
    }

    /// <summary>Shows or hides the legend (plotly shows it by default when there are several traces).</summary>
    public Figure WithLegend(bool show = true, bool horizontal = false)
    {
        _layout["showlegend"] = show;
        if (horizontal) _layout["legend"] = new JsonObject { ["orientation"] = "h", ["y"] = -0.2 };
        return this;
    }

    /// <summary>Sets the size in pixels (width null = fill the container).</summary>
    public Figure WithSize(int? width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 50);
        Width = width;
        Height = height;
        return this;
    }

    /// <summary>The plotly figure as JSON: <c>{"data":[...],"layout":{...},"config":{...}}</c>.</summary>
    public string ToJson() => ToJsonObject().ToJsonString();

    /// <summary>The plotly figure as a JSON object (a copy).</summary>
    public JsonObject ToJsonObject()
    {
        var layout = (JsonObject)_layout.DeepClone();
        layout["height"] = Height;
        if (Width is { } w) layout["width"] = w;
        if (_annotations.Count > 0) layout["annotations"] = new JsonArray(_annotations.Select(a => (JsonNode)a.DeepClone()).ToArray());
        return new JsonObject
        {
            ["data"] = new JsonArray(_traces.Select(t => (JsonNode)t.DeepClone()).ToArray()),
            ["layout"] = layout,
            ["config"] = new JsonObject { ["responsive"] = true, ["displaylogo"] = false },
        };
    }

    /// <summary>The HTML fragment a notebook shows (see <see cref="PlotlyHtml.Fragment"/>).</summary>
    public string ToHtml() => PlotlyHtml.Fragment(this);

    /// <summary>Writes a standalone HTML page that draws the figure offline (see <see cref="PlotlyHtml.SavePage"/>).</summary>
    public void SaveHtml(string path, PlotlyEmbedding embedding = PlotlyEmbedding.Inline) => PlotlyHtml.SavePage(path, [this], embedding);

    /// <inheritdoc />
    public void WriteTo(TextWriter writer, HtmlEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(ToHtml());
    }

    /// <summary>The title text, if any.</summary>
    public string? Title => (_layout["title"] as JsonObject)?["text"]?.GetValue<string>();

    private Figure Add(JsonObject trace, IEnumerable<double>? yError)
    {
        if (yError is not null) trace["error_y"] = new JsonObject { ["type"] = "data", ["array"] = Numbers(yError), ["visible"] = true };
        _traces.Add(trace);
        return this;
    }

    private JsonObject XY(string type, JsonArray x, JsonArray y, string? name, int row, int column, Action<JsonObject>? more)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}; they must match.");
        var trace = Base(type, name, row, column);
        trace["x"] = x;
        trace["y"] = y;
        more?.Invoke(trace);
        return trace;
    }

    private JsonObject Base(string type, string? name, int row, int column)
    {
        var n = AxisNumber(row, column);
        var trace = new JsonObject { ["type"] = type };
        if (name is not null) trace["name"] = name;
        if (n > 1) { trace["xaxis"] = $"x{n}"; trace["yaxis"] = $"y{n}"; }
        return trace;
    }

    private Figure SetAxis(string letter, string title, bool log, int row, int column)
    {
        var axis = Axis(letter, row, column);
        axis["title"] = new JsonObject { ["text"] = title };
        if (log) axis["type"] = "log";
        return this;
    }

    private JsonObject Axis(string letter, int row, int column)
    {
        var n = AxisNumber(row, column);
        var key = $"{letter}axis{(n == 1 ? "" : n)}";
        if (_layout[key] is not JsonObject axis) _layout[key] = axis = [];
        return axis;
    }

    private int AxisNumber(int row, int column)
    {
        if (row < 1 || row > _rows || column < 1 || column > _columns)
            throw new ArgumentOutOfRangeException(nameof(row), $"Subplot ({row}, {column}) is outside the {_rows} × {_columns} grid; call WithGrid first.");
        return (row - 1) * _columns + column;
    }

    // NaN/∞ become null, which plotly draws as a gap.
    private static JsonNode? Number(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;

    private static JsonArray Numbers(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new JsonArray(values.Select(Number).ToArray());
    }

    private static JsonArray Strings(IEnumerable<string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
    }
}
