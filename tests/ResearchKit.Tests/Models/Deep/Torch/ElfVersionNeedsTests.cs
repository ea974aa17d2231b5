using ResearchKit.Models.Deep.Torch;

namespace ResearchKit.Tests.Models.Deep.Torch;

/// <summary>Known answers on the real TorchSharp 0.107.0 glue (its version needs were read with <c>readelf -V</c>).</summary>
public sealed class ElfVersionNeedsTests
{
    private static byte[] Glue()
    {
        TorchRuntime.EnsureLoaded();
        return File.ReadAllBytes(TorchRuntime.GlueSourcePath!);
    }

    private static bool OnLinux => OperatingSystem.IsLinux();

    [Fact]
    public void SymbolsOfVersion_Glibcxx3432_IsOnlyTheUnboundIostreamLinkMarker()
    {
        if (!OnLinux) return;
        var elf = new ElfVersionNeeds(Glue(), "glue");
        var need = Assert.Single(elf.Needs(), n => n.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.Weak);
        var symbol = Assert.Single(elf.SymbolsOfVersion(need.Index));
        Assert.Equal(new VersionedSymbol("_ZSt21ios_base_library_initv", Defined: false, Relocated: false), symbol);
    }

    [Fact]
    public void Patch_WithoutGlibcxx3432_ChangesOnlyThatNeedsFlagsToWeak()
    {
        if (!OnLinux) return;
        var bytes = Glue();
        var elf = new ElfVersionNeeds(bytes, "glue");
        var provided = elf.Needs().Select(n => n.Version).Where(v => v != "GLIBCXX_3.4.32").ToHashSet();
        var missing = LibStdCxxCompat.MissingNeeds(elf, provided);
        Assert.Equal(["GLIBCXX_3.4.32"], missing.Select(n => n.Version));
        var patched = LibStdCxxCompat.Patch(elf, missing, "glue", "libstdc++");
        var changed = Enumerable.Range(0, bytes.Length).Where(i => bytes[i] != patched[i]).ToList();
        Assert.Equal([(int)missing[0].FlagsOffset], changed);          // vna_flags is little-endian: only its low byte holds VER_FLG_WEAK
        var after = new ElfVersionNeeds(patched, "patched").Needs();
        Assert.Equal(elf.Needs().Select(n => n with { Weak = n.Version == "GLIBCXX_3.4.32" || n.Weak }), after);
    }

    [Fact]
    public void Patch_MissingVersionOfRealFunctions_ThrowsNamingTheLibraryAndVersion()
    {
        if (!OnLinux) return;
        var elf = new ElfVersionNeeds(Glue(), "/x/libLibTorchSharp.so");
        var provided = elf.Needs().Select(n => n.Version).Where(v => v != "GLIBCXX_3.4.21").ToHashSet();   // C++11 std::string ABI
        var missing = LibStdCxxCompat.MissingNeeds(elf, provided);
        var e = Assert.Throws<NotSupportedException>(() => LibStdCxxCompat.Patch(elf, missing, "/x/libLibTorchSharp.so", "/usr/lib/libstdc++.so.6"));
        Assert.Contains("/x/libLibTorchSharp.so needs GLIBCXX_3.4.21 from libstdc++.so.6", e.Message, StringComparison.Ordinal);
        Assert.Contains("/usr/lib/libstdc++.so.6", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_TwiceIntoAFreshCache_ReusesOneCopyAndLeavesTheSourceAlone()
    {
        if (!OnLinux) return;
        TorchRuntime.EnsureLoaded();
        var cache = Directory.CreateTempSubdirectory("rk-torch-cache-").FullName;
        try
        {
            var source = TorchRuntime.GlueSourcePath!;
            var before = File.ReadAllBytes(source);
            var stdcxx = File.ReadLines("/proc/self/maps").Select(l => l[Math.Max(0, l.IndexOf('/'))..]).First(p => Path.GetFileName(p).StartsWith("libstdc++.so", StringComparison.Ordinal));
            var needsCopy = LibStdCxxCompat.MissingNeeds(new ElfVersionNeeds(before, source), new ElfVersionNeeds(File.ReadAllBytes(stdcxx), stdcxx).Definitions()).Count > 0;
            var first = LibStdCxxCompat.Prepare(source, stdcxx, cache);
            var second = LibStdCxxCompat.Prepare(source, stdcxx, cache);
            Assert.Equal(first, second);
            Assert.Equal(needsCopy, first.StartsWith(cache, StringComparison.Ordinal));
            Assert.Equal(needsCopy ? 1 : 0, Directory.GetFiles(cache, "*", SearchOption.AllDirectories).Length);   // no temporary left behind
            Assert.Equal(before, File.ReadAllBytes(source));
        }
        finally { Directory.Delete(cache, recursive: true); }
    }

    [Fact]
    public void Constructor_NotAnElfFile_ThrowsNamingTheFile() =>
        Assert.Contains("notes.txt: not an ELF file", Assert.Throws<InvalidDataException>(() => new ElfVersionNeeds("hello, world, this is text"u8.ToArray().Concat(new byte[64]).ToArray(), "notes.txt")).Message, StringComparison.Ordinal);
}
