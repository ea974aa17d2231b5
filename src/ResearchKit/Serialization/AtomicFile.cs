using System.Text;

namespace ResearchKit.Serialization;

/// <summary>
/// The one way the kit writes an output file: the bytes go to a temporary file in the target's own folder, are
/// flushed to disk (fsync), and only then is the temporary file renamed over the target. A rename within one folder
/// is atomic on POSIX file systems and NTFS, so a reader sees either the old file or the complete new one — never a
/// truncated or half-written file, even when the disk fills up or the process dies mid-write. On failure the
/// temporary file is removed and the old target is left as it was.
/// Also checks output paths up front (<see cref="CheckFile"/>, <see cref="CheckFolder"/>), so a bad <c>--out</c>
/// is reported before any work starts.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(false);

    /// <summary>Writes <paramref name="path"/> atomically through <paramref name="write"/>, creating its folder.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var full = CheckFile(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Writes text atomically through a <see cref="TextWriter"/> (UTF-8 without BOM, "\n" line ends).</summary>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });
    }

    /// <summary>Writes <paramref name="text"/> atomically (UTF-8 without BOM).</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Write(path, stream => stream.Write(Utf8NoBom.GetBytes(text)));
    }

    /// <summary>
    /// Checks that a file can be written at <paramref name="path"/>: it is not a folder, its folder exists or can be
    /// created, and that folder is writable. Returns the full path; throws <see cref="IOException"/> (or
    /// <see cref="UnauthorizedAccessException"/>) naming the path and the problem.
    /// </summary>
    public static string CheckFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new IOException($"{path}: not a valid file path ({e.Message}).", e);
        }
        if (Directory.Exists(full)) throw new IOException($"{path}: is a folder; expected a file path.");
        if (Path.EndsInDirectorySeparator(path)) throw new IOException($"{path}: ends in a path separator; expected a file path.");
        CheckFolder(Path.GetDirectoryName(full)!);
        return full;
    }

    /// <summary>
    /// Checks that <paramref name="folder"/> is (or can be created as) a writable folder, creating it. Throws
    /// <see cref="IOException"/> naming the folder when it is a file, cannot be created, or cannot be written.
    /// </summary>
    public static string CheckFolder(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var full = Path.GetFullPath(folder);
        if (File.Exists(full)) throw new IOException($"{folder}: is a file; expected a folder.");
        for (var up = Path.GetDirectoryName(full); up is not null; up = Path.GetDirectoryName(up))
            if (File.Exists(up)) throw new IOException($"{folder}: cannot be created because {up} is a file.");
        try { Directory.CreateDirectory(full); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{folder}: cannot create the folder ({e.Message}).", e);
        }
        var probe = Path.Combine(full, $".researchkit-write-test.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{folder}: the folder is not writable ({e.Message}).", e);
        }
        return full;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* best effort: the original error matters */ }
    }
}
