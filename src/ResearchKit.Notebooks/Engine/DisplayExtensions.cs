using ResearchKit.Notebooks.Engine;

// Same namespace and names as dotnet-interactive's extensions, so `x.Display()` works in both hosts.
namespace System;

/// <summary>Display extension methods available in every notebook cell (as in dotnet-interactive).</summary>
public static class DisplayExtensions
{
    /// <summary>Displays <paramref name="value"/> (see <see cref="KernelFunctions.display"/>).</summary>
    public static DisplayedValue Display(this object? value, params string[] mimeTypes) =>
        DisplayedValue.Show(value, mimeTypes);

    /// <summary>Displays a string as the given mime type(s) without formatting, e.g. <c>html.DisplayAs("text/html")</c>.</summary>
    public static DisplayedValue DisplayAs(this string value, string mimeType, params string[] additionalMimeTypes)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        return DisplayedValue.ShowRaw(value, [mimeType, .. additionalMimeTypes]);
    }
}
