using ResearchKit.Cli;
using Spectre.Console;

namespace ResearchKit.Tests.Cli;

public sealed class KitConsoleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-console-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(false, "", true)]        // no-color.org: an empty NO_COLOR does not count
    [InlineData(false, "1", false)]
    [InlineData(false, "0", false)]      // any non-empty value disables styling
    [InlineData(true, null, false)]      // a file or pipe never gets escape codes
    [InlineData(true, "1", false)]
    public void UseAnsi_TerminalAndNoColor_FollowsNoColorRule(bool redirected, string? noColor, bool expected) =>
        Assert.Equal(expected, KitConsole.UseAnsi(redirected, noColor));

    [Fact]
    public void Create_Redirected_WritesBoldMarkupAsPlainTextAtWideWidth()
    {
        using var writer = new StringWriter();
        var console = KitConsole.Create(writer, redirected: true);
        console.MarkupLine("[bold green]0.1234[/] best");
        Assert.Equal("0.1234 best" + Environment.NewLine, writer.ToString());
        Assert.Equal(KitConsole.RedirectedWidth, console.Profile.Width);
    }

    [Fact]
    public void Experiment_PipedWithColourAllowed_StdoutCarriesOnlyTheTableAndProgressGoesToStderr()
    {
        // NO_COLOR removed: a pipe alone must be enough to turn styling off.
        var (code, stdout, stderr) = KitProcess.RunWith(_dir, new Dictionary<string, string?> { ["NO_COLOR"] = null, ["TERM"] = "xterm-256color" },
            "experiment", "--data", "synthetic:users=200,items=100,seed=5", "--models", "pop,random", "--out", "r.json");
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain('\u001b', stdout);
        Assert.DoesNotContain('\u001b', stderr);
        Assert.DoesNotContain("Loading", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", stdout, StringComparison.Ordinal);
        Assert.Contains("Loading data synthetic:users=200,items=100,seed=5", stderr, StringComparison.Ordinal);
        Assert.Contains("wrote r.json", stderr, StringComparison.Ordinal);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("synthetic (stratified:0.75): ", lines[0], StringComparison.Ordinal);   // the caption, unwrapped
        Assert.EndsWith("k=10", lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("ndcg@10", StringComparison.Ordinal));
    }

    [Fact]
    public void Data_ToParquet_ReportsTheWrittenFileOnStderr()
    {
        var (code, stdout, stderr) = KitProcess.Run(_dir, "data", "synthetic:users=50,items=30,seed=1", "--to-parquet", "d.parquet");
        Assert.True(code == 0, stderr);
        Assert.Contains("wrote d.parquet", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote", stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "d.parquet")));
    }
}
