using System.Globalization;
using ResearchKit.Evaluation;

namespace ResearchKit.Tests.Evaluation;

public sealed class ExternalEvaluationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rk-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes random recs (rank or score column, duplicates, training items, users without truth) and truth/train files.</summary>
    internal static (string Recs, string Truth, string Train) Generate(string dir, int seed, bool scoreColumn)
    {
        var rng = new Random(seed);
        var recs = new List<string> { scoreColumn ? "user,item,score" : "user,item,rank" };
        var truth = new List<string> { "user,item" };
        var train = new List<string> { "user,item" };
        for (var u = 0; u < 60; u++)
        {
            var user = $"U{u}";
            if (u % 7 != 3) for (var j = rng.Next(1, 9); j > 0; j--) truth.Add($"{user},I{rng.Next(40)}");
            for (var j = rng.Next(0, 6); j > 0; j--) train.Add($"{user},I{rng.Next(40)}");
            if (u % 11 == 5) continue; // a truth user without recommendations
            var n = rng.Next(3, 20);
            var lines = new List<string>();
            for (var r = 0; r < n; r++)
            {
                var value = scoreColumn ? (rng.Next(10) / 4.0).ToString(CultureInfo.InvariantCulture) : (r + 1).ToString(CultureInfo.InvariantCulture);
                lines.Add($"{user},I{rng.Next(40)},{value}");
            }
            // Shuffle so that ordering must come from the rank/score column.
            recs.AddRange(lines.OrderBy(_ => rng.Next()));
        }
        var p = (Path.Combine(dir, $"recs{seed}.csv"), Path.Combine(dir, $"truth{seed}.csv"), Path.Combine(dir, $"train{seed}.csv"));
        File.WriteAllLines(p.Item1, recs); File.WriteAllLines(p.Item2, truth); File.WriteAllLines(p.Item3, train);
        return p;
    }

    /// <summary>
    /// An independent implementation of the documented definitions, on strings: order by rank asc / score desc
    /// (file order on ties), first occurrence of an item wins, training items dropped, cut at k; users in both
    /// truth and recommendations are averaged.
    /// </summary>
    internal static Dictionary<string, double> Reference(string recsPath, string truthPath, string? trainPath, int k)
    {
        static List<string[]> Rows(string path) => File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).ToList();
        var header = File.ReadLines(recsPath).First().Split(',');
        var byScore = header.Length > 2 && header[2] == "score";
        var truth = new Dictionary<string, HashSet<string>>();
        foreach (var r in Rows(truthPath)) { if (!truth.TryGetValue(r[0], out var s)) truth[r[0]] = s = []; s.Add(r[1]); }
        var train = new Dictionary<string, HashSet<string>>();
        if (trainPath is not null) foreach (var r in Rows(trainPath)) { if (!train.TryGetValue(r[0], out var s)) train[r[0]] = s = []; s.Add(r[1]); }
        var recs = Rows(recsPath).Select((r, i) => (User: r[0], Item: r[1], Value: double.Parse(r[2], CultureInfo.InvariantCulture), Line: i)).ToList();
        var sums = new Dictionary<string, double>();
        var users = 0;
        foreach (var group in recs.GroupBy(r => r.User))
        {
            if (!truth.TryGetValue(group.Key, out var rel)) continue;
            users++;
            var ordered = (byScore ? group.OrderByDescending(r => r.Value) : group.OrderBy(r => r.Value)).ThenBy(r => r.Line).Select(r => r.Item);
            var seen = train.GetValueOrDefault(group.Key) ?? [];
            var list = new List<string>();
            foreach (var item in ordered)
                if (!list.Contains(item) && !seen.Contains(item) && list.Count < k) list.Add(item);
            int hits = 0; double dcg = 0, apSum = 0, rr = 0;
            for (var i = 0; i < list.Count; i++)
            {
                if (!rel.Contains(list[i])) continue;
                hits++;
                dcg += 1 / Math.Log(i + 2, 2);
                apSum += hits / (i + 1.0);
                if (rr == 0) rr = 1.0 / (i + 1);
            }
            double idcg = 0;
            for (var i = 0; i < Math.Min(k, rel.Count); i++) idcg += 1 / Math.Log(i + 2, 2);
            void Add(string name, double v) => sums[name] = sums.GetValueOrDefault(name) + v;
            Add($"precision@{k}", (double)hits / k);
            Add($"recall@{k}", (double)hits / rel.Count);
            Add($"hit@{k}", hits > 0 ? 1 : 0);
            Add($"mrr@{k}", rr);
            Add($"ndcg@{k}", dcg / idcg);
            Add($"map@{k}", apSum / Math.Min(k, rel.Count));
            Add("map", apSum / rel.Count);
        }
        return sums.ToDictionary(kv => kv.Key, kv => kv.Value / users);
    }

    [Theory]
    [InlineData(1, false, true, 10)]
    [InlineData(2, true, true, 5)]
    [InlineData(3, false, false, 10)]
    [InlineData(4, true, false, 3)]
    public void EvaluateFiles_MatchesIndependentImplementation(int seed, bool scoreColumn, bool withTrain, int k)
    {
        var (recs, truth, train) = Generate(_dir, seed, scoreColumn);
        var result = ExternalEvaluation.EvaluateFiles(recs, truth, withTrain ? train : null, new EvaluationOptions { K = k });
        var expected = Reference(recs, truth, withTrain ? train : null, k);
        Assert.Equal(7, expected.Count);
        foreach (var (name, value) in expected)
            Assert.True(Math.Abs(value - result.Report[name]) <= 1e-9, $"{name}: kit {result.Report[name]:R} vs reference {value:R}");
        Assert.True(result.TruthUsersWithoutRecommendations > 0);
        Assert.Equal(withTrain, result.Report.MetricNames.Contains($"novelty@{k}"));
    }

    [Fact]
    public void EvaluateFiles_BadHeader_NamesFileAndLine()
    {
        var recs = Path.Combine(_dir, "bad.csv");
        File.WriteAllLines(recs, ["customer,product", "a,b"]);
        var truth = Path.Combine(_dir, "t.csv");
        File.WriteAllLines(truth, ["user,item", "a,b"]);
        var e = Assert.ThrowsAny<FormatException>(() => ExternalEvaluation.EvaluateFiles(recs, truth));
        Assert.Contains("bad.csv line 1", e.Message, StringComparison.Ordinal);
        File.WriteAllLines(recs, ["user,item,rank", "a,b,first"]);
        e = Assert.ThrowsAny<FormatException>(() => ExternalEvaluation.EvaluateFiles(recs, truth));
        Assert.Contains("bad.csv line 2", e.Message, StringComparison.Ordinal);
        Assert.Contains("rank", e.Message, StringComparison.Ordinal);
    }
}
