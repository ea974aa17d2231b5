using System.Diagnostics;

namespace ResearchKit.Tests.Cli;

/// <summary>Runs the built <c>kit.dll</c> (copied next to the tests by the project reference) as a child process.</summary>
internal static class KitProcess
{
    /// <summary>Runs <c>kit</c> with NO_COLOR=1 (plain output whatever the host's terminal).</summary>
    public static (int ExitCode, string Out, string Error) Run(string workingDirectory, params string[] args) =>
        RunWith(workingDirectory, new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, args);

    /// <summary>Runs <c>kit</c> with these environment variables set (a null value removes the variable).</summary>
    public static (int ExitCode, string Out, string Error) RunWith(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kit.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (name, value) in environment)
        {
            if (value is null) psi.Environment.Remove(name); else psi.Environment[name] = value;
        }
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"kit {string.Join(' ', args)} did not finish in 120 s."); }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
