using System.Text.Json;

namespace ResearchKit.Tests.Cli;

public sealed class ExperimentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-cli-exp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Data = "synthetic:users=300,items=150,seed=3";

    [Fact]
    public void Experiment_SyntheticPop_WritesResultsJsonAndRecommendationCsv()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "experiment", "--data", Data, "--split", "stratified:0.75",
            "--models", "pop,random(seed=3)", "--k", "5", "--seed", "7", "--out", "r.json", "--recs-out", "recs");
        Assert.True(code == 0, error);
        Assert.Contains("ndcg@5", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "r.json")));
        var root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("k").GetInt32());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        Assert.Equal(300, root.GetProperty("dataset").GetProperty("users").GetInt32());
        var models = root.GetProperty("models");
        Assert.Equal(["pop", "random"], models.EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(3, models[1].GetProperty("params").GetProperty("seed").GetInt32());
        var pop = models[0].GetProperty("metrics");
        foreach (var m in new[] { "precision@5", "recall@5", "hit@5", "mrr@5", "ndcg@5", "map@5", "map", "auc", "coverage@5", "gini@5", "novelty@5", "diversity@5", "serendipity@5", "arp@5" })
            Assert.True(pop.TryGetProperty(m, out _), m);
        Assert.True(pop.GetProperty("ndcg@5").GetDouble() > models[1].GetProperty("metrics").GetProperty("ndcg@5").GetDouble());
        var lines = File.ReadAllLines(Path.Combine(_dir, "recs", "pop.csv"));
        Assert.Equal("user,item,rank,score", lines[0]);
        Assert.Equal("1", lines[1].Split(',')[2]);
    }

    [Fact]
    public void Experiment_WithTestFile_EvaluatesOnThatSplitAndMatchesEvaluateOnWrittenLists()
    {
        File.WriteAllLines(Path.Combine(_dir, "train.csv"), ["user,item", "a,x", "a,y", "b,x", "c,y", "c,z", "d,x"]);
        File.WriteAllLines(Path.Combine(_dir, "test.csv"), ["user,item", "a,z", "b,y", "d,w", "e,x"]);
        var (code, _, error) = KitProcess.Run(_dir, "experiment", "--data", "csv:train.csv", "--test", "csv:test.csv",
            "--models", "pop", "--k", "2", "--out", "r.json", "--recs-out", "recs");
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "r.json")));
        var metrics = doc.RootElement.GetProperty("models")[0].GetProperty("metrics");
        // pop counts x3 y2 z1 w0. a (seen x,y) -> [z, w]: hit at 1. b (seen x) -> [y, z]: hit at 1.
        // d (seen x) -> [y, z]: w missed. e (cold) -> [x, y]: hit at 1. precision@2 = (1/2 * 3) / 4.
        Assert.Equal(3 * 0.5 / 4, metrics.GetProperty("precision@2").GetDouble(), 12);
        Assert.Equal(3.0 / 4, metrics.GetProperty("recall@2").GetDouble(), 12);
        var (code2, _, error2) = KitProcess.Run(_dir, "evaluate", "--recs", Path.Combine("recs", "pop.csv"), "--truth", "test.csv", "--train", "train.csv", "--k", "2", "--out", "m.json");
        Assert.True(code2 == 0, error2);
        using var m = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "m.json")));
        foreach (var name in new[] { "precision@2", "recall@2", "ndcg@2", "map@2", "map", "mrr@2" })
            Assert.Equal(metrics.GetProperty(name).GetDouble(), m.RootElement.GetProperty("metrics").GetProperty(name).GetDouble(), 12);
    }

    [Theory]
    [InlineData("--models", "nosuchmodel", "nosuchmodel")]
    [InlineData("--split", "sideways:0.5", "sideways")]
    [InlineData("--models", "pop(bogus=1)", "bogus")]
    [InlineData("--models", "als(factors=-5)", "kit experiment: als: factors must be ≥ 1, got -5.")]
    [InlineData("--models", "pop,alss", "Unknown model 'alss' (did you mean als?)")]
    [InlineData("--models", "neumf(epochs=0)", "neumf: epochs must be > 0, got 0.")]
    [InlineData("--sampled", "-1", "--sampled")]
    public void Experiment_BadInput_ExitCode2WithClearMessage(string option, string value, string expected)
    {
        var args = new List<string> { "experiment", "--data", Data, "--models", "pop" };
        var i = args.IndexOf(option);
        if (i >= 0) args[i + 1] = value; else args.AddRange([option, value]);
        var (code, _, error) = KitProcess.Run(_dir, [.. args]);
        Assert.Equal(2, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Experiment_WithoutOut_WritesOutResultsJsonAndExplicitOutWins()
    {
        var (code, _, error) = KitProcess.Run(_dir, "experiment", "--data", Data, "--models", "pop");
        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(_dir, "out", "results.json")));
        Assert.False(File.Exists(Path.Combine(_dir, "results.json")));
        Assert.Contains($"wrote {Path.Combine("out", "results.json")}", error, StringComparison.Ordinal);
        var (code2, _, error2) = KitProcess.Run(_dir, "experiment", "--data", Data, "--models", "pop", "--out", "mine.json");
        Assert.True(code2 == 0, error2);
        Assert.True(File.Exists(Path.Combine(_dir, "mine.json")));
    }

    [Fact]
    public void GitIgnore_DefaultOutputFolder_IsIgnored() =>
        Assert.Contains("out/", File.ReadAllLines(Path.Combine(ResearchKit.Tests.Shared.RepoRoot.Path, ".gitignore")));

    [Fact]
    public void Experiment_LeaveLastSampled_ReportsSampledMetricsBesideFullOnesAndSasRecDevice()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "experiment", "--data", Data, "--split", "leave-last:1",
            "--models", "pop,sasrec(epochs=2,dim=16,maxlen=20,device=cpu)", "--sampled", "100", "--out", "r.json");
        Assert.True(code == 0, error);
        Assert.Contains("hr@10(sampled100)", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "r.json")));
        foreach (var model in doc.RootElement.GetProperty("models").EnumerateArray())
        {
            var metrics = model.GetProperty("metrics");
            var (full, sampled) = (metrics.GetProperty("hit@10").GetDouble(), metrics.GetProperty("hr@10(sampled100)").GetDouble());
            Assert.True(sampled >= full, $"{model.GetProperty("name")}: sampled {sampled} < full {full}");   // one held-out item per user
            Assert.InRange(metrics.GetProperty("ndcg@10(sampled100)").GetDouble(), 0, sampled);
        }
        Assert.Equal("cpu", doc.RootElement.GetProperty("models")[1].GetProperty("params").GetProperty("device").GetString());
    }

    [Theory]
    [InlineData("neumf(epochs=1,dim=4,layers=8,device=cpu)")]
    [InlineData("sasrec(epochs=1,dim=8,maxlen=10,device=cpu)")]
    [InlineData("twotower(epochs=1,dim=8,tower=8,device=cpu)")]
    public void Experiment_DeepModelAlone_LoadsTorchThroughTheKitAndExitsZero(string spec)
    {
        // The model is created before anything else touches TorchSharp: its constructor must not initialise LibTorch
        // (that bypasses TorchRuntime and fails where libstdc++ is older than GCC 13's).
        var (code, _, error) = KitProcess.Run(_dir, "experiment", "--data", "synthetic:users=120,items=60,seed=3", "--models", spec, "--out", "r.json");
        Assert.True(code == 0, error);
    }

    [Fact]
    public void Experiment_SplitWithTest_IsRejected()
    {
        var (code, _, error) = KitProcess.Run(_dir, "experiment", "--data", Data, "--test", Data, "--split", "random:0.8", "--models", "pop");
        Assert.Equal(2, code);
        Assert.Contains("--split", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_SmallShop_WritesResultsAndStandaloneReport()
    {
        var (code, stdout, error) = KitProcess.Run(_dir, "demo", "--out", "demo", "--users", "300", "--items", "120");
        Assert.True(code == 0, error);
        Assert.Contains("ndcg@10", stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "demo", "results.json")));
        Assert.Equal("pop", doc.RootElement.GetProperty("models")[0].GetProperty("name").GetString());
        var html = File.ReadAllText(Path.Combine(_dir, "demo", "report.html"));
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
        Assert.Contains("Segments", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Experiment_MovieLensFormatStratified_PrintsEveryMetricIncludingRatingErrors()
    {
        // A small file in the MovieLens 100k u.data format (tab: user, item, rating, timestamp).
        var rng = new Random(5);
        var lines = new List<string>();
        for (var u = 1; u <= 60; u++)
            foreach (var i in Enumerable.Range(1, 80).OrderBy(_ => rng.Next()).Take(12 + rng.Next(10)))
                lines.Add($"{u}\t{i}\t{1 + rng.Next(5)}\t{880000000 + rng.Next(1000000)}");
        File.WriteAllLines(Path.Combine(_dir, "u.data"), lines);
        var (code, stdout, error) = KitProcess.Run(_dir, "experiment", "--data", "movielens:" + Path.Combine(_dir, "u.data"),
            "--split", "stratified:0.75", "--models", "pop,mf(iterations=5)", "--out", "r.json");
        Assert.True(code == 0, error);
        foreach (var m in new[] { "precision@10", "recall@10", "hit@10", "mrr@10", "ndcg@10", "map@10", "map", "auc", "rmse", "mae",
                     "coverage@10", "gini@10", "novelty@10", "diversity@10", "serendipity@10", "arp@10" })
            Assert.Contains(m, stdout, StringComparison.Ordinal);
        // Rating errors only for the model that predicts ratings: pop's cell is empty ("–"), mf's a value.
        var rmse = stdout.Split('\n').Single(l => l.Contains(" rmse ", StringComparison.Ordinal)).Split('│', StringSplitOptions.TrimEntries);
        Assert.Equal("–", rmse[2]);
        Assert.Matches(@"^\d\.\d{4}$", rmse[3]);
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "r.json")));
        var models = doc.RootElement.GetProperty("models");
        Assert.False(models[0].GetProperty("metrics").TryGetProperty("rmse", out _));
        Assert.True(models[1].GetProperty("metrics").GetProperty("rmse").GetDouble() is > 0 and < 4);
    }

    [Fact]
    public void Experiment_FloatParameterDefaults_AreWrittenAsTheirShortestText()
    {
        var (code, _, error) = KitProcess.Run(_dir, "experiment", "--data", Data, "--models", "bpr(iterations=2,threads=1)", "--out", "r.json");
        Assert.True(code == 0, error);
        var json = File.ReadAllText(Path.Combine(_dir, "r.json"));
        Assert.Contains("\"lr\": 0.02,", json, StringComparison.Ordinal);    // the float 0.02f, not 0.019999999552965164
        Assert.Contains("\"reg\": 0.02,", json, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\d\.\d{12,}", string.Join('\n', json.Split('\n').Where(l => l.Contains("\"lr\"", StringComparison.Ordinal) || l.Contains("\"reg\"", StringComparison.Ordinal))));
    }
}
