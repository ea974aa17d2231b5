namespace ResearchKit.Tests.Cli;

public sealed class DataCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Data_Synthetic_DescribesAndSplits()
    {
        var (code, output, error) = KitProcess.Run(_dir, "data", "synthetic:users=200,items=80,seed=3", "--split", "leave-last:1", "--to-shop", "shop");
        Assert.True(code == 0, error);
        Assert.Contains("synthetic: 200 users, 80 items", output, StringComparison.Ordinal);
        Assert.Contains("split leave-last:1: train", output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_dir, "shop", "shop_events.csv")));
        var (again, back, _) = KitProcess.Run(_dir, "data", "shop:shop");
        Assert.Equal(0, again);
        Assert.Contains("shop: 200 users, 80 items", back, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("movielens:nope", "nope: file or folder not found")]
    [InlineData("bogus:x", "Unknown data source 'bogus'")]
    public void Data_BadSpec_ExitCode2WithoutStackTrace(string spec, string expected)
    {
        var (code, _, error) = KitProcess.Run(_dir, "data", spec);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
