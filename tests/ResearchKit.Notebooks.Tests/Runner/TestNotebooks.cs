using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Tests.Shared;

namespace ResearchKit.Notebooks.Tests.Runner;

/// <summary>Writes small notebooks into a fresh temp folder for runner tests.</summary>
internal static class TestNotebooks
{
    /// <summary>The staged notebook kit of this checkout (built by any Release build of the library).</summary>
    public static string KitDll { get; } = Path.Combine(RepoRoot.Path, "artifacts", "kit", "ResearchKit.dll");

    /// <summary>A cell that loads this checkout's kit by absolute path (test notebooks live outside notebooks/).</summary>
    public static NotebookCell LoadKit(string id = "load-kit") => NotebookCell.CSharp(id, $"#r \"{KitDll}\"");

    public static string Write(string name, params NotebookCell[] cells)
    {
        var dir = TempFolder.ForProcess("rk-nbrun-");
        var path = Path.Combine(dir, name);
        IpynbWriter.Save(NotebookDocument.CreatePolyglot(cells), path);
        return path;
    }

    public static string OutDir(string notebookPath) => Path.Combine(Path.GetDirectoryName(notebookPath)!, "out");
}
