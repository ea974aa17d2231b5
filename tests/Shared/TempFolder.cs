namespace ResearchKit.Tests.Shared;

/// <summary>
/// A folder under the system temp path, deleted with everything in it on dispose — a full test run otherwise leaves
/// gigabytes behind (the fresh-clone copy alone is 1.4 GB). Symbolic links inside are removed, never followed.
/// <see cref="ForProcess"/> gives folders that live until the test process exits, for helpers that hand out paths.
/// </summary>
internal sealed class TempFolder : IDisposable
{
    private static readonly Lazy<TempFolder> ProcessRoot = new(() =>
    {
        var root = new TempFolder($"rk-tests-{Environment.ProcessId}-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => root.Dispose();
        return root;
    });

    /// <summary>Creates a new, empty folder whose name starts with <paramref name="prefix"/>.</summary>
    public TempFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>A new folder inside one per-process folder that is deleted when the test process exits.</summary>
    public static string ForProcess(string prefix) =>
        Directory.CreateDirectory(System.IO.Path.Combine(ProcessRoot.Value.Path, prefix + Guid.NewGuid().ToString("N"))).FullName;

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }          // a process still holds a file: the OS temp cleaner gets it later
        catch (UnauthorizedAccessException) { }
    }
}
