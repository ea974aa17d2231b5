using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ResearchKit.Notebooks.Kernel;

/// <summary>
/// The pinned .NET Interactive kernel: the <c>microsoft.dotnet-interactive</c> entry of the repository's local tool
/// manifest (<c>.config/dotnet-tools.json</c>), started the way VS Code's Polyglot Notebooks starts it
/// (<c>dotnet tool run dotnet-interactive -- stdio --working-dir DIR</c>), so every run uses the same kernel build.
/// </summary>
public sealed record KernelTool(string ManifestDirectory, string Version)
{
    /// <summary>The tool's package id in the manifest.</summary>
    public const string PackageId = "microsoft.dotnet-interactive";

    /// <summary>The manifest file, relative to the repository root.</summary>
    public static readonly string ManifestPath = Path.Combine(".config", "dotnet-tools.json");

    /// <summary>
    /// Finds the manifest by walking up from each of <paramref name="startDirectories"/> (then from the
    /// <c>KIT_ROOT</c> variable and this assembly's folder). Throws <see cref="InvalidOperationException"/> saying
    /// how to get one when none pins the kernel.
    /// </summary>
    public static KernelTool Find(params string?[] startDirectories)
    {
        var starts = startDirectories.Append(Environment.GetEnvironmentVariable("KIT_ROOT")).Append(AppContext.BaseDirectory);
        foreach (var start in starts)
        {
            if (string.IsNullOrWhiteSpace(start)) continue;
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var manifest = Path.Combine(dir.FullName, ManifestPath);
                if (File.Exists(manifest) && VersionIn(manifest) is { } version) return new KernelTool(dir.FullName, version);
            }
        }
        throw new InvalidOperationException(
            $"the .NET Interactive kernel is not pinned here: no {ManifestPath} with '{PackageId}' was found above "
            + $"{string.Join(" or ", startDirectories.Where(s => !string.IsNullOrWhiteSpace(s)))}. Run from a clone of the kit, "
            + "or set KIT_ROOT to one (./kit restores the kernel with 'dotnet tool restore').");
    }

    /// <summary>The process that runs the kernel over stdio, its working directory set to <paramref name="workingDirectory"/>.</summary>
    public ProcessStartInfo StdioStartInfo(string workingDirectory)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ManifestDirectory, // `dotnet tool run` looks for the manifest from here up
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in (string[])["tool", "run", "dotnet-interactive", "--", "stdio", "--working-dir", workingDirectory])
            psi.ArgumentList.Add(arg);
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["KIT_ROOT"] = ManifestDirectory;
        return psi;
    }

    /// <summary>
    /// The pinned tool's entry assembly in the NuGet packages folder (<c>NUGET_PACKAGES</c>, else
    /// <c>~/.nuget/packages</c>), for hosts that start the kernel without <c>dotnet tool run</c> (Jupyter kernelspecs).
    /// </summary>
    public string EntryAssembly()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var tools = Path.Combine(packages, PackageId, Version, "tools");
        var entry = Directory.Exists(tools)
            ? Directory.GetFiles(tools, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
            : null;
        return entry ?? throw new InvalidOperationException(
            $"the kernel {PackageId} {Version} is not in {packages}; run 'dotnet tool restore' in {ManifestDirectory} (./kit does it).");
    }

    private static string? VersionIn(string manifest)
    {
        try
        {
            return (JsonNode.Parse(File.ReadAllText(manifest))?["tools"]?[PackageId]?["version"])?.GetValue<string>();
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
