using ResearchKit.Models;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.Reinforcement;
using ResearchKit.Tests.Fusion;

namespace ResearchKit.Tests.Models.Reinforcement;

public class ExplorationBonusRecommenderTests
{
    // Item 0 seen by 4 users, item 1 by 2, item 2 by 1, item 3 by none; user 4 has seen only item 0.
    private static TrainingSet Train() => FixedScoresRecommender.MakeTrainingSet(5, 4,
        (0, 0), (1, 0), (2, 0), (4, 0), (0, 1), (1, 1), (2, 2));

    [Fact]
    public void Recommend_NoExploration_KeepsBaseRanking()
    {
        var model = new ExplorationBonusRecommender(new PopularityRecommender(), new() { Exploration = 0 });
        model.Fit(Train());
        Assert.Equal([1, 2, 3], model.Recommend(4, 3).Items);
    }

    [Fact]
    public void Recommend_StrongExploration_PromotesUnexposedItems()
    {
        var model = new ExplorationBonusRecommender(new PopularityRecommender(), new() { Exploration = 10 });
        model.Fit(Train());
        Assert.Equal([3, 2, 1], model.Recommend(4, 3).Items);
        Assert.True(model.Bonus[3] > model.Bonus[2] && model.Bonus[2] > model.Bonus[1] && model.Bonus[1] > model.Bonus[0]);
        Assert.Equal("ucb(pop)", model.Name);
    }
}
