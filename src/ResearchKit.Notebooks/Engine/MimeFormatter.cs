using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;

namespace ResearchKit.Notebooks.Engine;

/// <summary>
/// Turns a displayed object into a mime bundle the way dotnet-interactive's formatters do for the cases the kit
/// uses: anything implementing <c>Microsoft.AspNetCore.Html.IHtmlContent</c> becomes text/html (its
/// <c>WriteTo</c> output, HTML-encoded with <see cref="HtmlEncoder.Default"/>), everything else text/plain.
/// </summary>
public static class MimeFormatter
{
    /// <summary>text/html.</summary>
    public const string Html = "text/html";

    /// <summary>text/plain.</summary>
    public const string PlainText = "text/plain";

    private const int MaxListedItems = 20;

    /// <summary>
    /// The bundle for <paramref name="value"/>. With <paramref name="mimeTypes"/> only those representations are
    /// produced (text/html and text/plain are supported; a string shown as any other type is passed through as is).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, IReadOnlyList<string>? mimeTypes = null)
    {
        var bundle = new Dictionary<string, string>(StringComparer.Ordinal);
        if (mimeTypes is null || mimeTypes.Count == 0)
        {
            if (TryHtml(value, out var html)) bundle[Html] = html;
            else bundle[PlainText] = PlainTextOf(value);
            return bundle;
        }
        foreach (var mime in mimeTypes)
        {
            bundle[mime] = mime switch
            {
                Html => TryHtml(value, out var html) ? html : HtmlEncoder.Default.Encode(PlainTextOf(value)),
                PlainText => PlainTextOf(value),
                _ when value is string s => s,
                _ => throw new ArgumentException($"Cannot format a {value?.GetType().Name ?? "null"} as '{mime}'; only strings can be displayed as arbitrary mime types (supported for objects: text/html, text/plain).", nameof(mimeTypes)),
            };
        }
        return bundle;
    }

    /// <summary>Plain-text form: strings as they are, sequences as <c>[ a, b, … ]</c>, null as <c>&lt;null&gt;</c>.</summary>
    public static string PlainTextOf(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable e => ListOf(e),
        _ => value.ToString() ?? "",
    };

    private static string ListOf(IEnumerable items)
    {
        var parts = new List<string>();
        foreach (var item in items)
        {
            if (parts.Count == MaxListedItems) { parts.Add("…"); break; }
            parts.Add(item is IEnumerable and not string ? (item.ToString() ?? "") : PlainTextOf(item));
        }
        return "[ " + string.Join(", ", parts) + " ]";
    }

    // IHtmlContent may come from a copy of the ASP.NET Core assembly loaded in another load context
    // (a notebook's #r), so besides the direct cast the interface is also matched by name.
    private static bool TryHtml(object? value, out string html)
    {
        html = "";
        if (value is null) return false;
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        if (value is IHtmlContent content)
        {
            content.WriteTo(writer, HtmlEncoder.Default);
            html = writer.ToString();
            return true;
        }
        var iface = value.GetType().GetInterface("Microsoft.AspNetCore.Html.IHtmlContent");
        var writeTo = iface?.GetMethod("WriteTo");
        if (writeTo is null) return false;
        writeTo.Invoke(value, [writer, HtmlEncoder.Default]);
        html = writer.ToString();
        return true;
    }
}
