using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace ResearchKit.Models.Deep.Torch;

/// <summary>
/// The one place the kit prepares TorchSharp's native libraries. Call <see cref="EnsureLoaded"/> before the first use
/// of any TorchSharp API (the kit's deep models do); it is idempotent, thread-safe and cheap after the first call.
/// </summary>
/// <remarks>
/// On Linux it loads LibTorch's own libraries (<c>libc10</c>, <c>libtorch_cpu</c>, <c>libtorch_cuda</c> where present,
/// <c>libtorch</c>) as they are, then TorchSharp's glue <c>libLibTorchSharp.so</c>. TorchSharp 0.107.0 builds the glue
/// with GCC 13, so it needs <c>GLIBCXX_3.4.32</c>, which Debian 12 and Ubuntu 22.04 do not have; when the system's
/// libstdc++ lacks a version the glue needs, <see cref="LibStdCxxCompat"/> checks that only an unbound link marker
/// uses it and loads a copy with that need weak from <see cref="CompatCacheRoot"/> (otherwise a
/// <see cref="NotSupportedException"/> names the library and the version). A <see cref="DllImportResolver"/> for the
/// TorchSharp assembly then hands TorchSharp those handles, so its own loader finds them and never falls back to
/// copying natives next to TorchSharp.dll (inside the NuGet cache in a notebook kernel). The natives are looked up
/// in the host's native search directories (build output, test host), beside TorchSharp.dll, and in the NuGet
/// packages folder (a .NET Interactive kernel that got the kit as a package). Other systems: TorchSharp's own loader.
/// </remarks>
public static class TorchRuntime
{
    /// <summary>The LibTorch version of the referenced TorchSharp packages (Directory.Packages.props).</summary>
    public const string LibTorchVersion = "2.10.0";

    private const string Glue = "libLibTorchSharp.so";
    private static readonly Lock Gate = new();
    private static bool _loaded;
    private static IntPtr _glue, _torchCpu;

    /// <summary>Where the glue was loaded from: the original file, or the kit's compatibility copy (null before loading or off Linux).</summary>
    public static string? GlueLibraryPath { get; private set; }

    /// <summary>The glue as TorchSharp ships it (build output or NuGet cache; never modified).</summary>
    internal static string? GlueSourcePath { get; private set; }

    /// <summary>Whether <see cref="GlueLibraryPath"/> is a patched copy (the system libstdc++ lacked a version the glue needs).</summary>
    public static bool UsesCompatCopy { get; private set; }

    /// <summary>The folder with LibTorch's libraries that were loaded (null before loading or off Linux).</summary>
    public static string? LibTorchDirectory { get; private set; }

    /// <summary>The kit-owned folder for compatibility copies: <c>$XDG_CACHE_HOME/researchkit/torch</c>, else <c>~/.cache/researchkit/torch</c>.</summary>
    public static string CompatCacheRoot
    {
        get
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
            return Path.Combine(root, "researchkit", "torch");
        }
    }

    /// <summary>
    /// Loads TorchSharp's native libraries (see the remarks of <see cref="TorchRuntime"/>). Call before the first
    /// TorchSharp API use; later calls return at once.
    /// </summary>
    /// <exception cref="DllNotFoundException">LibTorch or the glue cannot be found.</exception>
    /// <exception cref="NotSupportedException">The glue needs a libstdc++ version this system lacks for more than a link marker.</exception>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded) return;
            if (OperatingSystem.IsLinux()) LoadLinux();
            _loaded = true;
        }
    }

    /// <summary>
    /// The device for a <c>device=</c> option: <c>cpu</c>; <c>cuda</c> (an error naming the build switch when CUDA is
    /// unavailable); <c>auto</c> = CUDA where <c>torch.cuda.is_available()</c>, else CPU. Loads TorchSharp first.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="device"/> is none of cpu, cuda, auto.</exception>
    /// <exception cref="NotSupportedException"><c>cuda</c> was asked for and is not available.</exception>
    public static torch.Device ResolveDevice(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        EnsureLoaded();
        switch (device.ToLowerInvariant())
        {
            case "cpu": return torch.CPU;
            case "auto": return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
            case "cuda":
                if (!torch.cuda.is_available())
                    throw new NotSupportedException("device=cuda: CUDA is not available here (no NVIDIA GPU, or the kit was built with TorchSharp-cpu; on a GPU machine build with -p:TorchDevice=cuda, see environment.md). Use device=cpu or device=auto.");
                return torch.CUDA;
            default: throw new ArgumentException($"device must be cpu, cuda or auto, got '{device}'.", nameof(device));
        }
    }

    private static void LoadLinux()
    {
        var assembly = typeof(torch).Assembly;
        var directories = SearchDirectories(assembly);
        var libtorch = directories.FirstOrDefault(d => File.Exists(Path.Combine(d, "libtorch_cpu.so")))
            ?? throw new DllNotFoundException($"LibTorch (libtorch_cpu.so, package libtorch-cpu-linux-x64 {LibTorchVersion}) was not found in: {string.Join(", ", directories)}. Restore the kit's packages (dotnet restore).");
        var glueSource = directories.Select(d => Path.Combine(d, Glue)).FirstOrDefault(File.Exists)
            ?? throw new DllNotFoundException($"TorchSharp's {Glue} was not found in: {string.Join(", ", directories)}.");
        // LibTorch's libraries as they are, dependencies first, so the glue's NEEDED entries match them by soname
        // wherever the glue itself is loaded from.
        foreach (var name in new[] { "libc10.so", "libtorch_cpu.so", "libc10_cuda.so", "libtorch_cuda.so", "libtorch.so" })
        {
            var path = Path.Combine(libtorch, name);
            if (!File.Exists(path)) continue;
            var handle = NativeLibrary.Load(path);
            if (name == "libtorch_cpu.so") _torchCpu = handle;
        }
        var glue = LibStdCxxCompat.Prepare(glueSource, LoadedLibStdCxx(), CompatCacheRoot);
        _glue = NativeLibrary.Load(glue);
        LibTorchDirectory = libtorch;
        GlueLibraryPath = glue;
        GlueSourcePath = glueSource;
        UsesCompatCopy = glue != glueSource;
        try { NativeLibrary.SetDllImportResolver(assembly, Resolve); }
        catch (InvalidOperationException) { /* someone else resolves for TorchSharp; the loaded glue still matches by soname */ }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        "LibTorchSharp" or "libLibTorchSharp" or Glue => _glue,
        "torch_cpu" or "libtorch_cpu" or "libtorch_cpu.so" => _torchCpu,
        _ => IntPtr.Zero,                                            // everything else: the runtime's normal probing
    };

    /// <summary>Where the natives may be: the host's native search directories, beside TorchSharp.dll, the NuGet packages folder.</summary>
    private static List<string> SearchDirectories(Assembly assembly)
    {
        var dirs = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string probing)
            dirs.AddRange(probing.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        var here = Path.GetDirectoryName(assembly.Location);
        if (!string.IsNullOrEmpty(here)) dirs.AddRange([here, Path.Combine(here, "runtimes", "linux-x64", "native")]);
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        foreach (var packages in PackageRoots(here))
        {
            if (version is not null) dirs.Add(Path.Combine(packages, "torchsharp", version, "runtimes", "linux-x64", "native"));
            dirs.Add(Path.Combine(packages, "libtorch-cpu-linux-x64", LibTorchVersion, "runtimes", "linux-x64", "native"));
        }
        return dirs.Select(d => Path.TrimEndingDirectorySeparator(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal).Where(Directory.Exists).ToList();
    }

    private static IEnumerable<string> PackageRoots(string? torchSharpDirectory)
    {
        // A kernel that restored TorchSharp as a package loads it from <packages>/torchsharp/<version>/lib/<tfm>/.
        if (torchSharpDirectory is not null && Directory.GetParent(torchSharpDirectory)?.Parent?.Parent is { Name: "torchsharp" } package && package.Parent is { } root)
            yield return root.FullName;
        var configured = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (!string.IsNullOrEmpty(configured)) yield return configured;
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    }

    /// <summary>The libstdc++ this process uses (the one the loader will check the glue's needs against).</summary>
    private static string LoadedLibStdCxx()
    {
        NativeLibrary.Load("libstdc++.so.6");                        // already mapped by LibTorch; makes sure of it
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/');
            if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).StartsWith("libstdc++.so", StringComparison.Ordinal)) return line[slash..];
        }
        throw new DllNotFoundException("libstdc++.so.6 is loaded but does not appear in /proc/self/maps.");
    }
}
