using System.Text.Json;
using ResearchKit.Evaluation;
using ResearchKit.Experiments;

using ResearchKit.Tests.Evaluation;

namespace ResearchKit.Tests.Experiments;

public class ExperimentTests
{
    internal static ExperimentResult Run()
    {
        var (train, test) = EvaluationFixtures.Random(80, 30, 10, seed: 2);
        var models = new List<ExperimentModel>
        {
            ExperimentModel.FromSpec(ModelSpec.Parse("pop")),
            new("fixed", new FixedBatchModel(FixedScoreModel.Random(80, 30, seed: 1)), new Dictionary<string, string> { ["seed"] = "1" }),
        };
        return Experiment.Run("random", train, test, models, new ExperimentOptions { Seed = 7 });
    }

    [Fact]
    public void Run_ToJson_HasDesignCardShape()
    {
        var result = Run();
        using var doc = JsonDocument.Parse(result.ToJson());
        var root = doc.RootElement;
        Assert.Equal(["dataset", "k", "seed", "models"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["name", "users", "items", "train", "test"], root.GetProperty("dataset").EnumerateObject().Select(p => p.Name));
        Assert.Equal(10, root.GetProperty("k").GetInt32());
        Assert.Equal(7, root.GetProperty("seed").GetInt32());
        var first = root.GetProperty("models")[0];
        Assert.Equal(["name", "params", "fit_seconds", "recommend_seconds", "metrics"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("pop", first.GetProperty("name").GetString());
        Assert.Equal(0, first.GetProperty("params").GetProperty("halflife").GetDouble());
        foreach (var m in new[] { "precision@10", "recall@10", "ndcg@10", "map@10", "map" })
            Assert.Equal(result.Models[0].Report![m], first.GetProperty("metrics").GetProperty(m).GetDouble(), 15);
    }

    [Fact]
    public void Run_OnTemporalSplit_RecordsDroppedAndColdTestRowsInJson()
    {
        // Cut at t = 4: u0 views a, b before it and a again after it (dropped: a seen pair); u2 appears only after
        // the cut (a cold user), once with item c, which also first appears after it (a cold item).
        var b = new ResearchKit.Data.InteractionsBuilder();
        b.Add(0, 0, 1, 1); b.Add(0, 1, 1, 2); b.Add(1, 1, 1, 3); b.Add(0, 0, 1, 4); b.Add(2, 0, 1, 5); b.Add(2, 2, 1, 6);
        var data = new ResearchKit.Data.Dataset("t", b.Build(), new ResearchKit.Data.IdMap(["u0", "u1", "u2"]), new ResearchKit.Data.IdMap(["a", "b", "c"]));
        var split = ResearchKit.Data.Splitting.Splits.Temporal(data, 0.5);
        Assert.Equal(1, split.DroppedTestRows);
        var result = Experiment.Run("t", split, [ExperimentModel.FromSpec(ModelSpec.Parse("pop"))]);
        Assert.Equal(2, result.Dataset.Test);
        using var doc = JsonDocument.Parse(result.ToJson());
        var d = doc.RootElement.GetProperty("dataset");
        Assert.Equal(1, d.GetProperty("test_dropped").GetProperty("rows").GetInt32());
        Assert.Contains("already in the training part", d.GetProperty("test_dropped").GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, d.GetProperty("test_cold").GetProperty("user_rows").GetInt32());   // both of u2's rows
        Assert.Equal(1, d.GetProperty("test_cold").GetProperty("item_rows").GetInt32());   // (u2, c)
        Assert.Equal(result.Dataset, ExperimentResult.FromJson(result.ToJson()).Dataset);
    }

    [Fact]
    public void FromJson_RoundTripsMetrics()
    {
        var result = Run();
        var back = ExperimentResult.FromJson(result.ToJson());
        Assert.Equal(result.Dataset, back.Dataset);
        Assert.Equal(result.Models[1].Metrics["ndcg@10"], back["fixed"].Metrics["ndcg@10"], 15);
        Assert.Equal(result.ToJson(), back.ToJson());
    }

    [Fact]
    public void ToHtml_RendersTableWithEveryModelAndMetric()
    {
        var result = Run();
        var html = result.ToHtml().ToHtmlString();
        Assert.StartsWith("<table", html, StringComparison.Ordinal);
        Assert.Contains("<td style=\"padding:4px 8px;text-align:right\">fixed</td>", html, StringComparison.Ordinal);
        Assert.Contains("ndcg@10", html, StringComparison.Ordinal);
        Assert.Contains("pop", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteRecommendations_WritesOriginalIdsReadableByEvaluate()
    {
        var result = Run();
        var dir = Directory.CreateTempSubdirectory("rk-recs-").FullName;
        try
        {
            var paths = result.WriteRecommendations(dir);
            Assert.Equal(["pop.csv", "fixed.csv"], paths.Select(Path.GetFileName));
            var lines = File.ReadAllLines(paths[0]);
            Assert.Equal("user,item,rank,score", lines[0]);
            Assert.StartsWith("u", lines[1], StringComparison.Ordinal);
            // Evaluating the written file from outside gives the in-process numbers.
            var (train, test) = EvaluationFixtures.Random(80, 30, 10, seed: 2);
            static void Write(string path, ResearchKit.Data.Dataset d) => File.WriteAllLines(path,
                ["user,item", .. Enumerable.Range(0, d.Interactions.Count).Select(r => $"{d.UserIds.ToExternal(d.Interactions.Users[r])},{d.ItemIds.ToExternal(d.Interactions.Items[r])}")]);
            Write(Path.Combine(dir, "truth.csv"), test); Write(Path.Combine(dir, "train.csv"), train);
            var external = ExternalEvaluation.EvaluateFiles(paths[0], Path.Combine(dir, "truth.csv"), Path.Combine(dir, "train.csv")).Report;
            foreach (var m in new[] { "precision@10", "recall@10", "hit@10", "mrr@10", "ndcg@10", "map@10", "map", "novelty@10", "arp@10", "coverage@10" })
                Assert.Equal(result.Models[0].Metrics[m], external[m], 12);
        }
        finally { Directory.Delete(dir, true); }
    }
}
