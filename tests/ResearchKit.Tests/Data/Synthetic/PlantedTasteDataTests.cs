using ResearchKit.Data.Synthetic;
using ResearchKit.Models;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Data.Synthetic;

public class PlantedTasteDataTests
{
    private static readonly PlantedTasteOptions Small = new() { Users = 150, Items = 200, Interactions = 6_000, MinPerUser = 10 };

    [Fact]
    public void Generate_Small_HasRequestedShape()
    {
        var data = PlantedTasteData.Generate(Small);
        Assert.Equal(150, data.UserCount);
        Assert.Equal(200, data.ItemCount);
        Assert.InRange(data.Interactions.Count, 5_700, 6_300);
        Assert.All(data.Interactions.CountPerUser(150), c => Assert.True(c >= 10));
        foreach (var v in data.Interactions.Values) Assert.InRange(v, 1f, 5f);
        // Distinct (user, item) pairs: each user picks items without replacement.
        Assert.Equal(data.Interactions.Count, data.ToCsr().Nnz);
    }

    [Fact]
    public void Generate_SameSeed_SameData()
    {
        var a = PlantedTasteData.Generate(Small); var b = PlantedTasteData.Generate(Small);
        Assert.Equal(a.Interactions.Items.ToArray(), b.Interactions.Items.ToArray());
        Assert.Equal(a.Interactions.Values.ToArray(), b.Interactions.Values.ToArray());
    }

    [Fact]
    public void Generate_PlantedTaste_IsLearnableBeyondPopularity()
    {
        // Hold out every 4th interaction per user; ALS must find more held-out items in its top 10 than popularity.
        var data = PlantedTasteData.Generate(Small with { Interactions = 12_000 });
        var log = data.Interactions;
        var keep = new bool[log.Count]; var seen = new int[data.UserCount];
        for (var r = 0; r < log.Count; r++) keep[r] = seen[log.Users[r]]++ % 4 != 3;
        var train = new TrainingSet(data.WithInteractions(log.Where(keep)));
        var test = new HashSet<(int, int)>();
        for (var r = 0; r < log.Count; r++) if (!keep[r]) test.Add((log.Users[r], log.Items[r]));
        int Hits(IRecommender m)
        {
            m.Fit(train);
            var hits = 0;
            for (var u = 0; u < data.UserCount; u++) foreach (var i in m.Recommend(u, 10).Items) if (test.Contains((u, i))) hits++;
            return hits;
        }
        var pop = Hits(new PopularityRecommender());
        var als = Hits(new AlsRecommender(new AlsOptions { Factors = 16, Regularization = 20, Iterations = 10 }));
        Assert.True(als > pop * 1.1, $"als {als} hits vs pop {pop}");
    }
}
