namespace ResearchKit.Cli;

/// <summary>Finds the repository root (the folder holding ResearchKit.sln) from the current or the binary's folder.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        foreach (var start in new[] { Environment.GetEnvironmentVariable("KIT_ROOT"), Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ResearchKit.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the ResearchKit repository root (ResearchKit.sln); run kit from inside the repository or set KIT_ROOT.");
    }
}
