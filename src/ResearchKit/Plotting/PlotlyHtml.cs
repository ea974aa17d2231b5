using System.Net;
using System.Text;
using ResearchKit.Serialization;

namespace ResearchKit.Plotting;

/// <summary>Where a standalone page gets plotly.js from.</summary>
public enum PlotlyEmbedding
{
    /// <summary>plotly.min.js inlined into the page (one self-contained file, ~4.8 MB; default).</summary>
    Inline,

    /// <summary>plotly.min.js copied beside the page and referenced by a relative script tag.</summary>
    Beside,

    /// <summary>Loaded from the plotly CDN (small file, needs a network).</summary>
    Cdn,
}

/// <summary>
/// HTML rendering of figures: the fragment notebooks display, and standalone pages that work offline with
/// plotly.js from npm <c>plotly.js-dist-min</c> (installed by <c>./kit</c> into node_modules).
/// </summary>
public static class PlotlyHtml
{
    /// <summary>The plotly.js version the kit pins in package.json (used for the CDN fallback).</summary>
    public const string PlotlyVersion = "4.1.2";

    /// <summary>The CDN address of <see cref="PlotlyVersion"/>.</summary>
    public const string CdnUrl = "https://cdn.plot.ly/plotly-" + PlotlyVersion + ".min.js";

    private static int _counter;

    /// <summary>
    /// A self-drawing fragment for notebook outputs: a div and a script that uses <c>window.Plotly</c> when the page
    /// has it, else loads plotly.js from the CDN (through require.js where the host provides it, as Jupyter and
    /// dotnet-interactive do). Without a network the div says so; <see cref="SavePage"/> gives an offline copy.
    /// </summary>
    public static string Fragment(Figure figure)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var id = NextId(figure);
        var json = figure.ToJson(); // the default encoder escapes <, > and &, so the JSON is safe inside <script>
        return $$"""
            <div id="{{id}}" class="researchkit-figure" style="width:100%;min-height:{{figure.Height}}px;"></div>
            <script type="text/javascript">
            (function () {
              var figure = {{json}};
              var el = document.getElementById('{{id}}');
              var draw = function (Plotly) { Plotly.newPlot(el, figure.data, figure.layout, figure.config); };
              var fail = function () { el.textContent = 'plotly.js could not be loaded (offline?). Save the figure with SaveHtml for an offline copy.'; };
              if (typeof window.Plotly !== 'undefined') { draw(window.Plotly); return; }
              if (typeof window.requirejs === 'function') {
                window.requirejs.config({ paths: { 'researchkit-plotly': '{{CdnUrl[..^3]}}' } });
                window.requirejs(['researchkit-plotly'], draw, fail);
                return;
              }
              var s = document.createElement('script');
              s.src = '{{CdnUrl}}';
              s.onload = function () { draw(window.Plotly); };
              s.onerror = fail;
              document.head.appendChild(s);
            })();
            </script>
            """;
    }

    /// <summary>
    /// Writes a standalone HTML page with <paramref name="figures"/> one under another. With
    /// <see cref="PlotlyEmbedding.Inline"/> or <see cref="PlotlyEmbedding.Beside"/> the page needs no network.
    /// </summary>
    public static void SavePage(string path, IReadOnlyList<Figure> figures, PlotlyEmbedding embedding = PlotlyEmbedding.Inline, string? title = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(figures);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(folder);
        string script;
        switch (embedding)
        {
            case PlotlyEmbedding.Inline:
                // "</script" inside a JS string would end the tag; "<\/script" means the same to JavaScript.
                script = "<script type=\"text/javascript\">" + File.ReadAllText(FindPlotlyJs()).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase) + "</script>";
                break;
            case PlotlyEmbedding.Beside:
                File.Copy(FindPlotlyJs(), Path.Combine(folder, "plotly.min.js"), overwrite: true);
                script = "<script type=\"text/javascript\" src=\"plotly.min.js\"></script>";
                break;
            case PlotlyEmbedding.Cdn:
                script = $"<script type=\"text/javascript\" src=\"{CdnUrl}\"></script>";
                break;
            default:
                throw new ArgumentException($"Unknown {nameof(PlotlyEmbedding)} {embedding}.", nameof(embedding));
        }
        var page = new StringBuilder();
        var heading = title ?? figures.FirstOrDefault()?.Title ?? "ResearchKit figure";
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(WebUtility.HtmlEncode(heading)).Append("</title>\n").Append(script).Append("\n</head>\n<body>\n");
        foreach (var figure in figures)
        {
            var id = NextId(figure);
            page.Append($"<div id=\"{id}\" class=\"researchkit-figure\" style=\"width:100%;height:{figure.Height}px;\"></div>\n")
                .Append("<script type=\"text/javascript\">(function () { var figure = ").Append(figure.ToJson())
                .Append($"; Plotly.newPlot('{id}', figure.data, figure.layout, figure.config); }})();</script>\n");
        }
        page.Append("</body>\n</html>\n");
        AtomicFile.WriteAllText(full, page.ToString());
    }

    /// <summary>
    /// Finds node_modules/plotly.js-dist-min/plotly.min.js: the <c>PLOTLY_JS</c> environment variable (a file), then
    /// upwards from <c>KIT_ROOT</c>, the current directory and the application's folder.
    /// </summary>
    public static string FindPlotlyJs()
    {
        if (Environment.GetEnvironmentVariable("PLOTLY_JS") is { Length: > 0 } explicitPath && File.Exists(explicitPath)) return explicitPath;
        var relative = Path.Combine("node_modules", "plotly.js-dist-min", "plotly.min.js");
        foreach (var start in new[] { Environment.GetEnvironmentVariable("KIT_ROOT"), Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        throw new FileNotFoundException(
            $"plotly.js not found ({relative}); run `npm ci` in the repository (./kit does it once) or set PLOTLY_JS to a plotly.min.js file. Use PlotlyEmbedding.Cdn to load it from the network instead.");
    }

    // Counter plus a content hash (FNV-1a, stable across runs): unique within a page, deterministic across runs.
    private static string NextId(Figure figure)
    {
        var hash = 2166136261u;
        foreach (var c in figure.ToJson()) hash = (hash ^ c) * 16777619u;
        return $"rk-plot-{Interlocked.Increment(ref _counter)}-{hash:x8}";
    }
}
