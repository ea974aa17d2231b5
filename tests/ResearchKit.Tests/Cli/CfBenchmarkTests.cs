using System.Globalization;
using System.Text.RegularExpressions;

namespace ResearchKit.Tests.Cli;

public sealed partial class CfBenchmarkTests
{
    [Fact]
    public void Bench_CfQuick_PrintsFiguresAndModelsBeatRandom()
    {
        var (code, stdout, error) = KitProcess.Run(Path.GetTempPath(), "bench", "als", "bpr", "cf-quality", "--quick");
        Assert.True(code == 0, error);
        Assert.Matches(@"ALS f=64, CG 3 steps, 10,000 users .* s/iteration mean", stdout);
        Assert.Matches(@"BPR f=64, .* M samples/s mean", stdout);
        // cf-quality rows: "| model | nDCG@10 | ...": ALS and BPR must beat random on the planted fixture.
        double Ndcg(string model) =>
            double.Parse(Row().Matches(stdout).First(m => m.Groups[1].Value == model).Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.True(Ndcg("als") > 3 * Ndcg("random"), stdout);
        Assert.True(Ndcg("bpr") > 3 * Ndcg("random"), stdout);
    }

    [GeneratedRegex(@"^\| ([a-z]+) \| ([0-9.]+) \|", RegexOptions.Multiline)]
    private static partial Regex Row();
}
