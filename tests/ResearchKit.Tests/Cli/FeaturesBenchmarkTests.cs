namespace ResearchKit.Tests.Cli;

public sealed class FeaturesBenchmarkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void BenchFeaturesQuick_PrintsShopAndScalingLines()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "bench", "features", "--quick");
        Assert.True(code == 0, error);
        Assert.Contains("### features:", stdout, StringComparison.Ordinal);
        Assert.Contains("default synthetic shop (synthetic: 500 users, 200 items", stdout, StringComparison.Ordinal);
        Assert.Contains("80,000 events", stdout, StringComparison.Ordinal);
        Assert.Contains("ns/event", stdout, StringComparison.Ordinal);
    }
}
