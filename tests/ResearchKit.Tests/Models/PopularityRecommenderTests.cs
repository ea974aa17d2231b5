using ResearchKit.Data;
using ResearchKit.Models;
using ResearchKit.Models.Baselines;

namespace ResearchKit.Tests.Models;

public class PopularityRecommenderTests
{
    private static TrainingSet Tiny()
    {
        // item 2 is seen by 3 users, item 0 by 2, item 1 by 1; user 0 views item 1 five times (counts once).
        var b = new InteractionsBuilder();
        foreach (var (u, i) in new[] { (0, 2), (1, 2), (2, 2), (1, 0), (2, 0), (0, 1), (0, 1), (0, 1), (0, 1), (0, 1) }) b.Add(u, i);
        var users = new IdMap(["a", "b", "c"]); var items = new IdMap(["x", "y", "z"]);
        return new TrainingSet(new Dataset("tiny", b.Build(), users, items));
    }

    [Fact]
    public void Recommend_RanksByDistinctUsers_ExcludingSeen()
    {
        var model = new PopularityRecommender();
        model.Fit(Tiny());
        Assert.Equal([2, 0, 1], model.Recommend(2, 3, new RecommendFilter { ExcludeSeen = false }).Items);
        Assert.Equal([1], model.Recommend(2, 3).Items);
        Assert.Equal([0], model.Recommend(0, 3).Items);
    }

    [Fact]
    public void Fit_EmptyTrainingSet_ThrowsNamingModel()
    {
        var empty = new TrainingSet(new Dataset("empty", Interactions.Empty, new IdMap(), new IdMap()));
        var e = Assert.Throws<ArgumentException>(() => new PopularityRecommender().Fit(empty));
        Assert.Contains("pop", e.Message, StringComparison.Ordinal);
    }
}
