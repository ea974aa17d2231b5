namespace ResearchKit.Tests.Shared;

/// <summary>The repository root (the folder holding ResearchKit.sln), found upwards from the test assembly.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ResearchKit.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Cannot find the repository root (ResearchKit.sln) above " + AppContext.BaseDirectory);
    }
}
