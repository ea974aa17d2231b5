using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Data and scoring shared by the CF benchmarks: a large power-law implicit matrix for speed, and a small
/// stratified split + top-k metrics (the Microsoft Recommenders protocol, design.md definitions) for quality.
/// </summary>
internal static class CfBenchSupport
{
    /// <summary>
    /// users × items with about <paramref name="nnz"/> distinct pairs: items drawn Zipf(0.8)-distributed, users
    /// uniformly, so the item side has a long tail as in real logs.
    /// </summary>
    public static TrainingSet ImplicitMatrix(int users, int items, int nnz, int seed)
    {
        var rng = new Random(seed);
        // Inverse-CDF table for Zipf(0.8) item popularity.
        var cdf = new double[items];
        double acc = 0;
        for (var i = 0; i < items; i++) { acc += Math.Pow(i + 1, -0.8); cdf[i] = acc; }
        var perm = Enumerable.Range(0, items).OrderBy(_ => rng.Next()).ToArray();
        var u = new int[nnz]; var it = new int[nnz]; var v = new float[nnz];
        for (var k = 0; k < nnz; k++)
        {
            u[k] = rng.Next(users);
            var idx = Array.BinarySearch(cdf, rng.NextDouble() * acc);
            it[k] = perm[Math.Min(items - 1, idx < 0 ? ~idx : idx)];
            v[k] = 1f;
        }
        var b = new InteractionsBuilder(nnz);
        for (var k = 0; k < nnz; k++) b.Add(u[k], it[k], v[k]);
        var data = new Dataset($"implicit-{users}x{items}", b.Build(),
            new IdMap(Enumerable.Range(0, users).Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            new IdMap(Enumerable.Range(0, items).Select(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        var train = new TrainingSet(data);
        _ = train.UserItems; _ = train.ItemUsers; // build once, outside the timed region
        return train;
    }

    /// <summary>Per-user random split (Recommenders' python_stratified_split): each user's rows shuffled, the first ⌈ratio·n⌉ train.</summary>
    public static (Dataset Train, Dataset Test) Stratified(Dataset data, double ratio, int seed)
    {
        var log = data.Interactions;
        var rows = Enumerable.Range(0, log.Count).GroupBy(r => log.Users[r]).OrderBy(g => g.Key);
        var rng = new Random(seed);
        var train = new List<int>(); var test = new List<int>();
        foreach (var g in rows)
        {
            var list = g.ToArray();
            rng.Shuffle(list);
            var cut = (int)Math.Ceiling(ratio * list.Length);
            train.AddRange(list[..cut]); test.AddRange(list[cut..]);
        }
        train.Sort(); test.Sort();
        return (data.WithInteractions(log.Select(train.ToArray()), data.Name + "-train"),
                data.WithInteractions(log.Select(test.ToArray()), data.Name + "-test"));
    }

    /// <summary>precision@k, recall@k, ndcg@k, map@k averaged over test users (training items excluded).</summary>
    public static (double Precision, double Recall, double Ndcg, double Map) TopK(IRecommender model, Dataset test, int k)
    {
        var truth = new Dictionary<int, HashSet<int>>();
        var log = test.Interactions;
        for (var r = 0; r < log.Count; r++)
        {
            if (!truth.TryGetValue(log.Users[r], out var set)) truth[log.Users[r]] = set = [];
            set.Add(log.Items[r]);
        }
        double p = 0, rc = 0, nd = 0, mp = 0;
        var users = truth.Keys.Order().ToArray();
        var results = new (double, double, double, double)[users.Length];
        Parallel.For(0, users.Length, x =>
        {
            var rel = truth[users[x]];
            var recs = model.Recommend(users[x], k).Items;
            double hits = 0, dcg = 0, ap = 0;
            for (var i = 0; i < recs.Length; i++)
            {
                if (!rel.Contains(recs[i])) continue;
                hits++;
                dcg += 1 / Math.Log2(i + 2);
                ap += hits / (i + 1);
            }
            double idcg = 0;
            for (var i = 0; i < Math.Min(k, rel.Count); i++) idcg += 1 / Math.Log2(i + 2);
            results[x] = (hits / k, hits / rel.Count, dcg / idcg, ap / Math.Min(k, rel.Count));
        });
        foreach (var (a, b, c, d) in results) { p += a; rc += b; nd += c; mp += d; }
        var n = users.Length;
        return (p / n, rc / n, nd / n, mp / n);
    }
}
