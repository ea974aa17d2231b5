using ResearchKit.Serialization;

namespace ResearchKit.Tests.Reliability;

/// <summary>The atomic writer and the up-front output checks.</summary>
public sealed class OutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-atomic-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Write_WriterFailsMidway_LeavesOldFileIntactAndNoTemporaryFile()
    {
        var path = Path.Combine(_dir, "results.json");
        AtomicFile.WriteAllText(path, "{\"old\":true}\n");
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(new byte[4096]);
            throw new IOException("No space left on device");
        }));
        Assert.Equal("{\"old\":true}\n", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_dir));
    }

    [Fact]
    public void Write_ReplacesTheFileWhole_AndCreatesTheFolder()
    {
        var path = Path.Combine(_dir, "deep", "er", "metrics.json");
        AtomicFile.WriteAllText(path, new string('a', 10_000));
        AtomicFile.WriteText(path, w => w.Write("short"));
        Assert.Equal("short", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void CheckFile_PathIsAFolder_ErrorNamesIt()
    {
        var e = Assert.Throws<IOException>(() => AtomicFile.CheckFile(_dir));
        Assert.Contains($"{_dir}: is a folder; expected a file path", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFolder_PathIsAFile_ErrorNamesIt()
    {
        var file = Path.Combine(_dir, "recs");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<IOException>(() => AtomicFile.CheckFolder(file));
        Assert.Contains($"{file}: is a file; expected a folder", e.Message, StringComparison.Ordinal);
        var below = Assert.Throws<IOException>(() => AtomicFile.CheckFile(Path.Combine(file, "out.json")));
        Assert.Contains($"{file}: is a file; expected a folder", below.Message, StringComparison.Ordinal);
        var deeper = Assert.Throws<IOException>(() => AtomicFile.CheckFile(Path.Combine(file, "sub", "out.json")));
        Assert.Contains($"because {file} is a file", deeper.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckFolder_ReadOnlyFolder_ErrorSaysNotWritable()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root") return;   // root writes anywhere
        var ro = Path.Combine(_dir, "ro");
        Directory.CreateDirectory(ro);
        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            var e = Assert.Throws<IOException>(() => AtomicFile.CheckFile(Path.Combine(ro, "results.json")));
            Assert.Contains("not writable", e.Message, StringComparison.Ordinal);
        }
        finally { File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
    }
}
