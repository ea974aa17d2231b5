using System.Reflection.PortableExecutable;
using Microsoft.AspNetCore.Html;
using Microsoft.CodeAnalysis;

namespace ResearchKit.Notebooks.Engine;

/// <summary>
/// The assemblies every notebook can use without <c>#r</c>: the whole Microsoft.NETCore.App and
/// Microsoft.AspNetCore.App shared frameworks (so IHtmlContent, HtmlString and HtmlEncoder are there, as in
/// dotnet-interactive), plus the runner's own display functions.
/// </summary>
internal static class ScriptReferences
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> Framework = new(Load);

    public static IReadOnlyList<MetadataReference> SharedFrameworks => Framework.Value;

    private static List<MetadataReference> Load()
    {
        var folders = new[]
        {
            Path.GetDirectoryName(typeof(object).Assembly.Location)!,
            Path.GetDirectoryName(typeof(IHtmlContent).Assembly.Location)!,
        };
        var references = new List<MetadataReference>();
        foreach (var file in folders.Distinct().SelectMany(f => Directory.EnumerateFiles(f, "*.dll")).Order(StringComparer.Ordinal))
            if (IsManaged(file)) references.Add(MetadataReference.CreateFromFile(file));
        return references;
    }

    private static bool IsManaged(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
