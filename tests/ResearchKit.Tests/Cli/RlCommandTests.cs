namespace ResearchKit.Tests.Cli;

public sealed class RlCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-rl-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--sessions", "0", "--sessions must be ≥ 2, got 0.")]
    [InlineData("--log-sessions", "1", "--log-sessions must be ≥ 4, got 1.")]
    [InlineData("--score-weight", "nan", "--score-weight must be finite and ≥ 0, got NaN.")]
    [InlineData("--epochs", "0", "--epochs must be in [1, 1000], got 0.")]
    [InlineData("--users", "0", "--users must be in [1, 10000000], got 0.")]
    [InlineData("--candidates", "3", "--candidates must be ≥ the slate size 5, got 3.")]
    public void Rl_BadOption_ExitsTwoNamingTheOptionAsTyped(string option, string value, string expected)
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "rl", option, value);
        Assert.Equal(2, code);
        Assert.Contains("kit rl: " + expected, error, StringComparison.Ordinal);
        Assert.Empty(stdout);
        Assert.False(File.Exists(Path.Combine(_dir, "out", "rl.json")));
    }

    [Fact]
    public void Rl_MoreCandidatesThanItems_ExitsTwoNamingTheFlags()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "rl", "--users", "200", "--items", "50", "--baselines", "pop");
        Assert.Equal(2, code);
        Assert.Contains("kit rl: --candidates must be ≤ the shop's 50 items, got 100.", error, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public void Rl_SmallStudy_PrintsEveryPolicyAndWritesTheStudy()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "rl", "--users", "300", "--items", "120", "--sessions", "256",
            "--log-sessions", "400", "--epochs", "1", "--baselines", "pop,als", "--out", "rl.json");
        Assert.True(code == 0, error);
        foreach (var policy in new[] { "pop", "als", "random", "rl(reinforce over als)", "slateq(over als)", "IPS", "SNIPS", "DR", "A/B test" })
            Assert.Contains(policy, stdout, StringComparison.Ordinal);
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "rl.json")));
        Assert.Equal(5, doc.RootElement.GetProperty("Policies").GetArrayLength());
        var checks = doc.RootElement.GetProperty("OffPolicy");
        Assert.Equal(2, checks.GetArrayLength());
        Assert.All(checks.EnumerateArray(), c => Assert.Equal(3, c.GetProperty("Estimates").GetArrayLength()));
        Assert.Equal(5, doc.RootElement.GetProperty("SlateQ").GetProperty("ClickWeights").GetArrayLength());
    }
}
