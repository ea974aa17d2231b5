using System.Security.Cryptography;

namespace ResearchKit.Models.Deep.Torch;

/// <summary>
/// Makes a shared library built against a newer libstdc++ loadable on an older one, when (and only when) its only
/// use of the missing versions is a link marker: GCC 13 makes every object that includes &lt;iostream&gt; reference
/// <c>std::ios_base_library_init()</c> (<c>_ZSt21ios_base_library_initv</c>, version <c>GLIBCXX_3.4.32</c>) so the
/// linker records the need, but no code calls it and no relocation refers to it. Marking that one version need
/// <c>VER_FLG_WEAK</c> turns the loader's fatal "version not found" into nothing; every other symbol still binds as
/// before. The patched copy goes to a cache folder the kit owns, keyed by the source file's SHA-256; the source
/// (in the build output or the NuGet cache) is never modified.
/// </summary>
internal static class LibStdCxxCompat
{
    private const string LibStdCxx = "libstdc++.so.6";

    /// <summary>Symbols that exist only to make the linker record a version need (nothing binds them).</summary>
    private static readonly HashSet<string> LinkMarkers = new(StringComparer.Ordinal) { "_ZSt21ios_base_library_initv" };

    /// <summary>The libstdc++ versions <paramref name="library"/> needs that <paramref name="provided"/> lacks (and that are not weak already).</summary>
    public static IReadOnlyList<VersionNeed> MissingNeeds(ElfVersionNeeds library, IReadOnlySet<string> provided) =>
        library.Needs().Where(n => n.File == LibStdCxx && !n.Weak && !provided.Contains(n.Version)).ToList();

    /// <summary>
    /// The path to load for <paramref name="sourcePath"/>: the file itself when <paramref name="systemLibStdCxx"/>
    /// provides every version it needs, otherwise a copy under <paramref name="cacheRoot"/> with those needs weak.
    /// </summary>
    /// <exception cref="NotSupportedException">A missing version is needed by a symbol other than a link marker, or one a relocation binds.</exception>
    public static string Prepare(string sourcePath, string systemLibStdCxx, string cacheRoot)
    {
        var bytes = File.ReadAllBytes(sourcePath);
        var library = new ElfVersionNeeds(bytes, sourcePath);
        var provided = new ElfVersionNeeds(File.ReadAllBytes(systemLibStdCxx), systemLibStdCxx).Definitions();
        var missing = MissingNeeds(library, provided);
        if (missing.Count == 0) return sourcePath;
        var patched = Patch(library, missing, sourcePath, systemLibStdCxx);
        var folder = Path.Combine(cacheRoot, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
        var target = Path.Combine(folder, Path.GetFileName(sourcePath));
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(patched)) return target;
        Directory.CreateDirectory(folder);
        // Write beside the target, then rename: another process loading at the same time sees the old file or the whole new one.
        var temp = Path.Combine(folder, $".{Path.GetFileName(sourcePath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(temp, patched);
        File.Move(temp, target, overwrite: true);
        return target;
    }

    /// <summary>Marks each of <paramref name="missing"/> weak after checking that only unbound link markers use it.</summary>
    internal static byte[] Patch(ElfVersionNeeds library, IReadOnlyList<VersionNeed> missing, string sourcePath, string systemLibStdCxx)
    {
        byte[]? patched = null;
        foreach (var need in missing)
        {
            var symbols = library.SymbolsOfVersion(need.Index);
            var blocking = symbols.Where(s => s.Defined || s.Relocated || !LinkMarkers.Contains(s.Name)).Select(s => s.Name).ToList();
            if (blocking.Count > 0)
                throw new NotSupportedException(
                    $"{sourcePath} needs {need.Version} from {need.File}, which {systemLibStdCxx} does not provide, for " +
                    $"{string.Join(", ", blocking)}; that is not only a link marker, so it cannot be loaded here. " +
                    $"Install a libstdc++ with {need.Version} (GCC 13.2 or later) or use a TorchSharp build for this system.");
            patched = (patched is null ? library : new ElfVersionNeeds(patched, sourcePath)).WithWeakNeed(need);
        }
        return patched!;
    }
}
