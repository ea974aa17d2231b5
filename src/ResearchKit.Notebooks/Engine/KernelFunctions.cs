namespace ResearchKit.Notebooks.Engine;

/// <summary>
/// The top-level functions a notebook cell can call, as in dotnet-interactive (where they come from
/// <c>using static Microsoft.DotNet.Interactive.Kernel</c>). Every submission imports this class statically.
/// </summary>
public static class KernelFunctions
{
    /// <summary>
    /// Displays <paramref name="value"/> as a <c>display_data</c> output: IHtmlContent as text/html, otherwise
    /// text/plain, or exactly the <paramref name="mimeTypes"/> asked for (e.g. <c>display("&lt;b&gt;hi&lt;/b&gt;", "text/html")</c>).
    /// </summary>
    /// <remarks>The lower-case name matches dotnet-interactive so that notebooks run unchanged in both.</remarks>
#pragma warning disable IDE1006 // Naming: dotnet-interactive's name.
    public static DisplayedValue display(object? value, params string[] mimeTypes) =>
#pragma warning restore IDE1006
        DisplayedValue.Show(value, mimeTypes);
}

/// <summary>What <c>display</c> returns (dotnet-interactive returns a handle with the same name).</summary>
public sealed class DisplayedValue
{
    private DisplayedValue(IReadOnlyDictionary<string, string> data) => Data = data;

    /// <summary>The mime bundle that was displayed.</summary>
    public IReadOnlyDictionary<string, string> Data { get; }

    internal static DisplayedValue Show(object? value, IReadOnlyList<string> mimeTypes)
    {
        var data = MimeFormatter.Format(value, mimeTypes);
        Publish(data);
        return new DisplayedValue(data);
    }

    internal static DisplayedValue ShowRaw(string value, IReadOnlyList<string> mimeTypes)
    {
        var data = mimeTypes.ToDictionary(m => m, _ => value, StringComparer.Ordinal);
        Publish(data);
        return new DisplayedValue(data);
    }

    private static void Publish(IReadOnlyDictionary<string, string> data)
    {
        var collector = ConsoleRouter.Current
            ?? throw new InvalidOperationException("display() was called outside a running notebook cell.");
        collector.Add(new DisplayOutput(data));
    }
}
