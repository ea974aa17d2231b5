using System.Diagnostics;

namespace ResearchKit.Tests.Shared;

/// <summary>
/// Debian's chromium in headless mode: the DOM of a page after its scripts ran. Compiled into both test projects
/// (linked from tests/Shared). In CI (CI=true) a missing browser or plotly.js fails the test; elsewhere it is skipped.
/// </summary>
internal static class HeadlessChromium
{
    public const string Path = "/usr/bin/chromium";

    /// <summary>True when chromium is installed; in CI (CI=true) a missing browser fails the test instead.</summary>
    public static bool Available()
    {
        if (File.Exists(Path)) return true;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            Assert.Fail($"{Path} is missing; CI must install Debian's chromium for the browser checks.");
        return false;
    }

    /// <summary>plotly.min.js from node_modules (./kit installs it); missing is a failure in CI, a skip elsewhere.</summary>
    public static string? PlotlyJs()
    {
        try
        {
            return ResearchKit.Plotting.PlotlyHtml.FindPlotlyJs();
        }
        catch (FileNotFoundException e) when (!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Console.Error.WriteLine($"browser check skipped: {e.Message}");
            return null;
        }
    }

    /// <summary>Loads <paramref name="page"/>, lets its scripts run for <paramref name="virtualTimeMs"/> of virtual time and returns the DOM.</summary>
    public static string DumpDom(string page, int virtualTimeMs = 10_000, int timeoutMs = 90_000)
    {
        using var profileFolder = new TempFolder("rk-chromium-");
        var profile = profileFolder.Path;
        var psi = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", $"--virtual-time-budget={virtualTimeMs}", $"--user-data-dir={profile}", "--dump-dom", new Uri(page).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(timeoutMs)) { process.Kill(true); Assert.Fail($"chromium did not finish within {timeoutMs / 1000} s"); }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return dom;
    }
}
