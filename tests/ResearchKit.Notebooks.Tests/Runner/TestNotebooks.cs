using ResearchKit.Notebooks.Ipynb;

namespace ResearchKit.Notebooks.Tests.Runner;

/// <summary>Writes small notebooks into a fresh temp folder for runner tests.</summary>
internal static class TestNotebooks
{
    public static string Write(string name, params NotebookCell[] cells)
    {
        var dir = Directory.CreateTempSubdirectory("rk-nbrun-").FullName;
        var path = Path.Combine(dir, name);
        IpynbWriter.Save(NotebookDocument.CreatePolyglot(cells), path);
        return path;
    }

    public static string OutDir(string notebookPath) => Path.Combine(Path.GetDirectoryName(notebookPath)!, "out");
}
