using System.CommandLine;
using System.Diagnostics;

namespace ResearchKit.Cli.Commands;

/// <summary><c>kit test</c>: runs every test project of the solution (notebook tests included).</summary>
internal static class TestCommand
{
    public static Command Create()
    {
        var filter = new Option<string?>("--filter") { Description = "Only tests matching this dotnet-test filter expression." };
        var command = new Command("test", "Run every test (unit, CLI and notebook tests) with dotnet test.") { filter };
        command.SetAction(async (result, ct) =>
        {
            var root = RepoRoot.Find();
            var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = root };
            foreach (var a in new[] { "test", Path.Combine(root, "ResearchKit.sln"), "-c", "Release", "--nologo" }) psi.ArgumentList.Add(a);
            if (result.GetValue(filter) is { } f) { psi.ArgumentList.Add("--filter"); psi.ArgumentList.Add(f); }
            using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start dotnet.");
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            return process.ExitCode;
        });
        return command;
    }
}
