using ResearchKit.Fusion;
using ResearchKit.Models;

namespace ResearchKit.Tests.Fusion;

public class FusionRecommenderTests
{
    private static readonly RecommendFilter All = new() { ExcludeSeen = false };

    [Fact]
    public void WeightedBlend_MinMax_IsWeightedSumOfNormalisedScores()
    {
        var a = new FixedScoresRecommender("a", [[0f, 10f, 5f]]);
        var b = new FixedScoresRecommender("b", [[1f, 0f, 0.5f]]);
        var blend = new WeightedBlendRecommender([new(a, 1), new(b, 3)], new() { Normalization = ScoreNormalization.MinMax });
        blend.Fit(FixedScoresRecommender.MakeTrainingSet(1, 3, (0, 0)));
        var s = new float[3];
        blend.Score(0, s);
        Assert.Equal([3f, 1f, 2f], s); // a: 0,1,.5 ; b: 1,0,.5 → 0+3, 1+0, .5+1.5
        Assert.Equal("blend(a+b)", blend.Name);
        Assert.Equal(1, a.FitCount);
    }

    [Fact]
    public void ReciprocalRank_KnownAnswer_AndSeenExcluded()
    {
        // a ranks 1 > 2 > 3 > 0 ; b ranks 3 > 2 > 1 > 0; item 0 is seen by the user.
        var a = new FixedScoresRecommender("a", [[9f, 4f, 3f, 2f]]);
        var b = new FixedScoresRecommender("b", [[9f, 1f, 2f, 3f]]);
        var rrf = new RankFusionRecommender([new(a), new(b)], new() { RrfConstant = 0 });
        rrf.Fit(FixedScoresRecommender.MakeTrainingSet(1, 4, (0, 0)));
        var s = new float[4];
        rrf.Score(0, s);
        Assert.Equal(0f, s[0]);
        Assert.Equal(1f + (1f / 3), s[1], 6);
        Assert.Equal(0.5f + 0.5f, s[2], 6);
        Assert.Equal((1f / 3) + 1f, s[3], 6);
        Assert.Equal([1, 3, 2], rrf.Recommend(0, 3).Items); // tie 1 vs 3 broken by lower id
    }

    [Fact]
    public void CombMnz_MultipliesByListCount()
    {
        var a = new FixedScoresRecommender("a", [[3f, 2f, 1f]]);
        var b = new FixedScoresRecommender("b", [[3f, 1f, 2f]]);
        var mnz = new RankFusionRecommender([new(a), new(b)], new() { Method = RankFusionMethod.CombMnz, Depth = 2 });
        mnz.Fit(FixedScoresRecommender.MakeTrainingSet(1, 3, (0, 2)));
        var s = new float[3];
        mnz.Score(0, s);
        // Item 2 is seen, so lists are a: [0,1], b: [0,1]; min-max within each list: 0→1, 1→0.
        Assert.Equal([4f, 0f, 0f], s);
    }

    [Fact]
    public void Switching_ColdUsersGetColdModel()
    {
        var cold = new FixedScoresRecommender("cold", [[1f, 0f, 0f], [1f, 0f, 0f]]);
        var warm = new FixedScoresRecommender("warm", [[0f, 0f, 1f], [0f, 0f, 1f]]);
        var sw = new SwitchingRecommender(cold, warm, new() { MinInteractions = 2 });
        sw.Fit(FixedScoresRecommender.MakeTrainingSet(2, 3, (0, 1), (1, 1), (1, 0)));
        Assert.True(sw.IsCold(0));
        Assert.False(sw.IsCold(1));
        Assert.Equal(0, sw.Recommend(0, 1).Items[0]);
        Assert.Equal(2, sw.Recommend(1, 1).Items[0]);
    }

    [Fact]
    public void Mmr_LambdaOne_KeepsBaseOrder_LowerLambdaDemotesNearDuplicate()
    {
        // Items 0 and 1 are near-identical (same direction); item 2 is orthogonal and slightly less relevant.
        var scores = new FixedScoresRecommender("base", [[1.0f, 0.9f, 0.8f, 0.1f]]);
        float[] vectors = [1, 0, 0.99f, 0.01f, 0, 1, 0.7f, 0.7f];
        var train = FixedScoresRecommender.MakeTrainingSet(1, 4, (0, 3));
        var relevanceOnly = new MmrRecommender(scores, vectors, 2, new() { Lambda = 1 });
        relevanceOnly.Fit(train);
        Assert.Equal([0, 1, 2], relevanceOnly.Recommend(0, 4, All).Items); // item 3 is a training item: MMR pools exclude them
        var diverse = new MmrRecommender(scores, vectors, 2, new() { Lambda = 0.5 });
        diverse.Fit(train);
        Assert.Equal([0, 2], diverse.Recommend(0, 2, All).Items);
    }

    [Fact]
    public void Constructors_BadInput_ClearErrors()
    {
        var a = new FixedScoresRecommender("a", [[1f]]);
        Assert.Contains("at least one", Assert.Throws<ArgumentException>(() => new WeightedBlendRecommender([])).Message, StringComparison.Ordinal);
        Assert.Contains("weight -1", Assert.Throws<ArgumentException>(() => new WeightedBlendRecommender([new(a, -1)])).Message, StringComparison.Ordinal);
        Assert.Contains("Depth", Assert.Throws<ArgumentException>(() => new RankFusionRecommender([new(a)], new() { Depth = 0 })).Message, StringComparison.Ordinal);
        Assert.Contains("Lambda", Assert.Throws<ArgumentException>(() => new MmrRecommender(a, [1f], 1, new() { Lambda = 2 })).Message, StringComparison.Ordinal);
    }
}
