using System.Diagnostics;

namespace ResearchKit.Notebooks.Tests.Notebooks;

/// <summary>Debian's chromium in headless mode: the DOM of a page after its scripts ran.</summary>
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

    public static string DumpDom(string page)
    {
        var profile = Directory.CreateTempSubdirectory("rk-chromium-").FullName;
        var psi = new ProcessStartInfo(Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--virtual-time-budget=10000", $"--user-data-dir={profile}", "--dump-dom", new Uri(page).AbsoluteUri })
            psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var dom = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(90_000)) { process.Kill(true); Assert.Fail("chromium did not finish within 90 s"); }
        Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
        return dom;
    }
}
