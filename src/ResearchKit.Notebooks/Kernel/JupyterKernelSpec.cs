using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ResearchKit.Notebooks.Kernel;

/// <summary>
/// Registers the pinned .NET Interactive kernel with Jupyter (JupyterLab, nbconvert, nbclient) in a folder the user
/// chooses: runs the tool's own <c>jupyter install --path DIR</c>, then points each kernelspec's <c>argv</c> at the
/// pinned tool's entry assembly (the installed spec calls a global <c>dotnet interactive</c>, which the kit does not
/// install) and adds <c>--http-local-only</c>, so the kernel's HTTP endpoint listens on localhost only.
/// </summary>
public static class JupyterKernelSpec
{
    /// <summary>
    /// Installs the kernelspecs (<c>.net-csharp</c>, <c>.net-fsharp</c>, <c>.net-powershell</c>) under
    /// <paramref name="kernelsDirectory"/> (Jupyter looks in <c>&lt;dir on JUPYTER_PATH&gt;/kernels</c>) and returns
    /// the kernel.json files written. Throws <see cref="InvalidOperationException"/> with the tool's output on failure.
    /// </summary>
    public static IReadOnlyList<string> Install(KernelTool tool, string kernelsDirectory)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var target = Path.GetFullPath(kernelsDirectory);
        Directory.CreateDirectory(target);
        var entry = tool.EntryAssembly();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = tool.ManifestDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["tool", "run", "dotnet-interactive", "--", "jupyter", "install", "--path", target]) psi.ArgumentList.Add(arg);
        psi.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start 'dotnet tool run dotnet-interactive'.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var specs = Directory.GetFiles(target, "kernel.json", SearchOption.AllDirectories);
        if (process.ExitCode != 0 || specs.Length == 0)
            throw new InvalidOperationException($"'dotnet-interactive jupyter install --path {target}' failed (exit {process.ExitCode}): {stdout}{stderr.Result}");
        foreach (var spec in specs) Pin(spec, entry);
        return specs;
    }

    private static void Pin(string specPath, string entryAssembly)
    {
        var spec = JsonNode.Parse(File.ReadAllText(specPath)) as JsonObject
            ?? throw new InvalidOperationException($"{specPath}: not a JSON object.");
        var argv = (spec["argv"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").ToList() ?? [];
        var jupyter = argv.IndexOf("jupyter");
        if (jupyter < 0) throw new InvalidOperationException($"{specPath}: argv has no 'jupyter' argument: {string.Join(' ', argv)}.");
        var rest = argv.Skip(jupyter).Where(a => a != "--http-local-only").ToList();
        var pinned = new List<string> { "dotnet", entryAssembly };
        pinned.AddRange(rest);
        pinned.Add("--http-local-only");
        spec["argv"] = new JsonArray(pinned.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        File.WriteAllText(specPath, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
