using System.Text.Json;

namespace ResearchKit.Tests.Cli;

public sealed class SplitCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-split-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Data = "synthetic:users=300,items=150,seed=3";

    [Fact]
    public void Split_ThenEvaluateOnWrittenTruth_GivesTheMetricsOfKitExperimentOnTheSameSplit()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "split", "--data", Data, "--split", "stratified:0.75", "--seed", "7", "--out", "s");
        Assert.True(code == 0, error);
        Assert.Contains(Path.Combine("s", "test.csv") + ": ", stdout, StringComparison.Ordinal);
        var test = File.ReadAllLines(Path.Combine(_dir, "s", "test.csv"));
        Assert.Equal("user,item,value,timestamp,kind", test[0]);

        var (code2, _, error2) = KitProcess.Run(_dir, "experiment", "--data", Data, "--split", "stratified:0.75", "--seed", "7",
            "--models", "pop,itemknn", "--out", "r.json", "--recs-out", "recs");
        Assert.True(code2 == 0, error2);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "r.json")));
        Assert.Equal(test.Length - 1, doc.RootElement.GetProperty("dataset").GetProperty("test").GetInt32());
        foreach (var (index, model) in new[] { (0, "pop"), (1, "itemknn") })
        {
            var (code3, _, error3) = KitProcess.Run(_dir, "evaluate", "--recs", Path.Combine("recs", model + ".csv"),
                "--truth", Path.Combine("s", "test.csv"), "--train", Path.Combine("s", "train.csv"), "--out", model + ".json");
            Assert.True(code3 == 0, error3);
            using var m = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, model + ".json")));
            var expected = doc.RootElement.GetProperty("models")[index].GetProperty("metrics");
            var actual = m.RootElement.GetProperty("metrics");
            foreach (var name in new[] { "precision@10", "recall@10", "hit@10", "mrr@10", "ndcg@10", "map@10", "map", "novelty@10", "arp@10" })
                Assert.Equal(expected.GetProperty(name).GetDouble(), actual.GetProperty(name).GetDouble(), 12);
        }
    }

    [Fact]
    public void Split_Temporal_ReportsDroppedRowsOnStderrAsResultsJsonDoes()
    {
        var (code, _, error) = KitProcess.Run(_dir, "split", "--data", Data, "--split", "temporal:0.8");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "split", "train.csv")));   // default --out
        var (code2, _, error2) = KitProcess.Run(_dir, "experiment", "--data", Data, "--split", "temporal:0.8", "--models", "pop");
        Assert.True(code2 == 0, error2);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "results.json")));
        var dropped = doc.RootElement.GetProperty("dataset").GetProperty("test_dropped").GetProperty("rows").GetInt32();
        Assert.True(dropped > 0);
        foreach (var (command, text) in new[] { ("split", error), ("experiment", error2) })
            Assert.Contains($"kit {command}: the split dropped {dropped:N0} held-out row(s): their (user, item) pair is already in the training part", text, StringComparison.Ordinal);
        Assert.Equal(File.ReadAllLines(Path.Combine(_dir, "out", "split", "test.csv")).Length - 1,
            doc.RootElement.GetProperty("dataset").GetProperty("test").GetInt32());
    }

    [Fact]
    public void Split_BadSpec_ExitCode2NamingIt()
    {
        var (code, _, error) = KitProcess.Run(_dir, "split", "--data", Data, "--split", "sideways:0.5");
        Assert.Equal(2, code);
        Assert.Contains("sideways", error, StringComparison.Ordinal);
    }
}
