using System.Text.Json;
using ResearchKit.Tests.Evaluation;

namespace ResearchKit.Tests.Cli;

public sealed class EvaluateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Evaluate_GeneratedFiles_EqualsIndependentImplementationTo1e9()
    {
        var (recs, truth, train) = ExternalEvaluationTests.Generate(_dir, seed: 11, scoreColumn: true);
        var (code, _, error) = KitProcess.Run(_dir, "evaluate", "--recs", recs, "--truth", truth, "--train", train, "--k", "5", "--out", "m.json");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "m.json")));
        var metrics = doc.RootElement.GetProperty("metrics");
        var expected = ExternalEvaluationTests.Reference(recs, truth, train, 5);
        foreach (var (name, value) in expected)
            Assert.True(Math.Abs(value - metrics.GetProperty(name).GetDouble()) <= 1e-9, $"{name}: {metrics.GetProperty(name).GetDouble():R} vs {value:R}");
        Assert.Equal(5, doc.RootElement.GetProperty("k").GetInt32());
    }

    [Theory]
    [InlineData("missing.csv", "exists", "missing.csv")]
    [InlineData("bad.csv", "exists", "bad.csv line 1")]
    public void Evaluate_BadInput_ExitCode2WithoutStackTrace(string recs, string _, string expected)
    {
        File.WriteAllLines(Path.Combine(_dir, "bad.csv"), ["who,what", "a,b"]);
        File.WriteAllLines(Path.Combine(_dir, "truth.csv"), ["user,item", "a,b"]);
        var (code, _, error) = KitProcess.Run(_dir, "evaluate", "--recs", recs, "--truth", "truth.csv");
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MissingRequiredOptionOrBadK_ExitCode2()
    {
        Assert.Equal(2, KitProcess.Run(_dir, "evaluate", "--truth", "t.csv").ExitCode);
        File.WriteAllLines(Path.Combine(_dir, "r.csv"), ["user,item", "a,b"]);
        var (code, _, error) = KitProcess.Run(_dir, "evaluate", "--recs", "r.csv", "--truth", "r.csv", "--k", "0");
        Assert.Equal(2, code);
        Assert.Contains("--k", error, StringComparison.Ordinal);
    }
}
