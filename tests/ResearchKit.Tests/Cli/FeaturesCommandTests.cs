namespace ResearchKit.Tests.Cli;

public sealed class FeaturesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-features-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Features_TemporalSplit_WritesUserAndItemCsvWithOriginalIds()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "features", "--data", "synthetic:users=200,items=80,seed=5", "--split", "temporal:0.8", "--out", "f");
        Assert.True(code == 0, error);
        Assert.Contains("user_features.csv: 200 rows", stdout, StringComparison.Ordinal);
        var users = File.ReadAllLines(Path.Combine(_dir, "f", "user_features.csv"));
        Assert.Equal(201, users.Length);
        Assert.StartsWith("id,recency_days,frequency,tenure_days", users[0], StringComparison.Ordinal);
        Assert.StartsWith("u1,", users[1], StringComparison.Ordinal);
        var items = File.ReadAllLines(Path.Combine(_dir, "f", "item_features.csv"));
        Assert.Equal(81, items.Length);
        Assert.Contains("fitting on", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_WithoutOut_WritesUnderOutFeatures()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "features", "--data", "synthetic:users=60,items=30,seed=5");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "features", "user_features.csv")), stdout);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "features", "item_features.csv")));
        Assert.False(Directory.Exists(Path.Combine(_dir, "features")));
    }

    [Fact]
    public void Features_BadFormat_ExitCode2NamingOption()
    {
        var (code, _, error) = KitProcess.Run(_dir, "features", "--data", "synthetic:users=50,items=20", "--format", "xls");
        Assert.Equal(2, code);
        Assert.Contains("--format", error, StringComparison.Ordinal);
    }
}
