using System.Reflection;
using NetArchTest.Rules;
using ResearchKit.Models;

namespace ResearchKit.Tests.Architecture;

/// <summary>
/// The library's folders are layers, and a layer may use only the layers below it (docs/architecture.md, "Layers").
/// NetArchTest reads the compiled IL (method bodies included), so a dependency hidden in a method body counts.
/// </summary>
public class LayeringTests
{
    /// <summary>Bottom to top. Numerics and Serialization are the base; Notebooks helpers sit on everything.</summary>
    public static readonly string[] Layers =
        ["Numerics", "Serialization", "Data", "Features", "Models", "Evaluation", "Plotting", "Fusion", "Experiments", "Reports", "Notebooks"];

    private static readonly Assembly Library = typeof(IRecommender).Assembly;

    public static TheoryData<string> EveryLayer() => [.. Layers];

    [Theory]
    [MemberData(nameof(EveryLayer))]
    public void Layer_UsesNoLayerAboveIt(string layer)
    {
        var above = Layers.SkipWhile(l => l != layer).Skip(1).Select(l => $"ResearchKit.{l}").ToArray();
        if (above.Length == 0) return;
        var result = Types.InAssembly(Library).That().ResideInNamespace($"ResearchKit.{layer}")
            .ShouldNot().HaveDependencyOnAny(above).GetResult();
        var offenders = result.FailingTypeNames ?? [];
        Assert.True(result.IsSuccessful, $"{layer} uses a layer above it in: {string.Join(", ", offenders)}");
    }

    [Fact]
    public void Assembly_EveryNamespaceBelongsToALayer()
    {
        var unplaced = Library.GetTypes().Select(t => t.Namespace).OfType<string>()
            .Where(n => n.StartsWith("ResearchKit", StringComparison.Ordinal) && !Layers.Any(l => n == $"ResearchKit.{l}" || n.StartsWith($"ResearchKit.{l}.", StringComparison.Ordinal)))
            .Distinct().Order().ToList();
        Assert.True(unplaced.Count == 0, $"namespaces outside every layer (add them to Layers and docs/architecture.md): {string.Join(", ", unplaced)}");
    }

    [Fact]
    public void SourceFiles_NamespaceFollowsFolder()
    {
        var root = Path.Combine(RepoRoot(), "src", "ResearchKit");
        var wrong = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(root, Path.GetDirectoryName(file)!);
            if (relative.Split(Path.DirectorySeparatorChar)[0] is "bin" or "obj") continue;
            var expected = relative == "." ? "ResearchKit" : "ResearchKit." + relative.Replace(Path.DirectorySeparatorChar, '.');
            var declared = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("namespace ", StringComparison.Ordinal))?["namespace ".Length..].TrimEnd(';');
            if (declared != expected) wrong.Add($"{Path.GetRelativePath(root, file)}: {declared} (expected {expected})");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void ArchitectureDoc_LayersPictureListsTheTestedOrder()
    {
        // The fenced block under "## Layers" in docs/architecture.md lists the layers top to bottom, one per line.
        var lines = File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "architecture.md"));
        var heading = Array.IndexOf(lines, "## Layers");
        Assert.True(heading >= 0, "docs/architecture.md has no '## Layers' section");
        var open = Array.FindIndex(lines, heading, l => l.StartsWith("```", StringComparison.Ordinal));
        var close = Array.FindIndex(lines, open + 1, l => l.StartsWith("```", StringComparison.Ordinal));
        var drawn = lines[(open + 1)..close].Where(l => l.Length > 0 && l[0] != ' ').Select(l => l.Split(' ')[0]).Reverse().ToArray();
        Assert.Equal(Layers, drawn);
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ResearchKit.sln"))) return dir.FullName;
        throw new InvalidOperationException("ResearchKit.sln not found above the test binaries.");
    }
}
