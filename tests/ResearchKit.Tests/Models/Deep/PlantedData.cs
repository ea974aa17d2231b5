using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Tests.Models.Deep;

/// <summary>
/// Users and items with planted latent factors (a few taste clusters plus popularity skew): each user picks items
/// with probability ∝ popularity · exp(4·⟨u, v⟩). Per user, the last <c>testPerUser</c> picks are held out.
/// </summary>
internal sealed record PlantedData(TrainingSet Train, int[][] Test, float[] UserFactors, float[] ItemFactors, int Factors)
{
    public static PlantedData Create(int users = 300, int items = 200, int perUser = 20, int testPerUser = 4, int factors = 4, int seed = 1, int coldUsers = 0)
    {
        var rng = new Random(seed);
        float[] uf = new float[users * factors], vf = new float[items * factors];
        for (var u = 0; u < users; u++) uf[u * factors + rng.Next(factors)] = 1f;          // one taste cluster per user
        for (var i = 0; i < items; i++) vf[i * factors + i % factors] = 1f;                // items round-robin over clusters
        var pop = Enumerable.Range(0, items).Select(i => 1.0 / Math.Sqrt(1 + (i * 7919 % items))).ToArray();
        var b = new InteractionsBuilder();
        var test = new int[users][];
        for (var u = 0; u < users; u++)
        {
            var weights = new double[items];
            for (var i = 0; i < items; i++)
            {
                var dot = 0.0;
                for (var f = 0; f < factors; f++) dot += uf[u * factors + f] * vf[i * factors + f];
                weights[i] = pop[i] * Math.Exp(4 * dot);
            }
            var picks = new List<int>();
            while (picks.Count < perUser)
            {
                var r = rng.NextDouble() * weights.Sum();
                var i = 0;
                for (; i < items - 1 && (r -= weights[i]) > 0; i++) { }
                picks.Add(i); weights[i] = 0;                                           // without replacement
            }
            var cold = u < coldUsers;
            test[u] = cold ? [.. picks] : picks.Skip(perUser - testPerUser).ToArray();
            if (!cold) foreach (var i in picks.Take(perUser - testPerUser)) b.Add(u, i);
        }
        var data = new Dataset("planted", b.Build(), new IdMap(Enumerable.Range(0, users).Select(i => $"u{i}")), new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}")));
        return new PlantedData(new TrainingSet(data), test, uf, vf, factors);
    }

    /// <summary>Mean recall@k over <paramref name="users"/> (training items excluded).</summary>
    public double Recall(IRecommender model, IEnumerable<int> users, int k = 10)
    {
        var list = users.ToList();
        return list.Average(u =>
        {
            var recs = model.Recommend(u, k).Items;
            return (double)Test[u].Count(recs.Contains) / Test[u].Length;
        });
    }
}
