using ResearchKit.Evaluation.Metrics;

namespace ResearchKit.Tests.Evaluation;

public class RankingMetricsTests
{
    private static readonly int[] Recs = [5, 3, 8, 1, 9];
    private static readonly int[] Relevant = [1, 3, 7];
    private static readonly double L3 = 1 / Math.Log2(3), L5 = 1 / Math.Log2(5);

    [Fact]
    public void AllMetrics_TwoHitsAtRanks2And4_MatchHandComputation()
    {
        Assert.Equal(2.0 / 5, RankingMetrics.Precision(Recs, Relevant, 5), 12);
        Assert.Equal(2.0 / 3, RankingMetrics.Recall(Recs, Relevant, 5), 12);
        Assert.Equal(1.0, RankingMetrics.Hit(Recs, Relevant, 5));
        Assert.Equal(0.5, RankingMetrics.ReciprocalRank(Recs, Relevant, 5), 12);
        Assert.Equal((L3 + L5) / (1 + L3 + 0.5), RankingMetrics.Ndcg(Recs, Relevant, 5), 12);
        Assert.Equal(((1.0 / 2) + (2.0 / 4)) / 3, RankingMetrics.MapAtK(Recs, Relevant, 5), 12);
        Assert.Equal(((1.0 / 2) + (2.0 / 4)) / 3, RankingMetrics.Map(Recs, Relevant, 5), 12);
    }

    [Fact]
    public void MapAtKAndMap_CutBelowRelevantCount_DivideByMinKRelAndByRel()
    {
        // first 2 = [5, 3]: one hit at rank 2 -> sum 1/2.
        Assert.Equal(0.5 / 2, RankingMetrics.MapAtK(Recs, Relevant, 2), 12);
        Assert.Equal(0.5 / 3, RankingMetrics.Map(Recs, Relevant, 2), 12);
        Assert.Equal(0.5, RankingMetrics.Precision(Recs, Relevant, 2), 12);
        Assert.Equal(1.0 / 3, RankingMetrics.Recall(Recs, Relevant, 2), 12);
        Assert.Equal(L3 / (1 + L3), RankingMetrics.Ndcg(Recs, Relevant, 2), 12);
    }

    [Fact]
    public void Metrics_FewerRelevantThanK_IdcgAndMapUseRelevantCount()
    {
        int[] rel = [3];
        Assert.Equal(0.2, RankingMetrics.Precision(Recs, rel, 5), 12);
        Assert.Equal(1.0, RankingMetrics.Recall(Recs, rel, 5), 12);
        Assert.Equal(L3, RankingMetrics.Ndcg(Recs, rel, 5), 12);
        Assert.Equal(0.5, RankingMetrics.MapAtK(Recs, rel, 5), 12);
        Assert.Equal(0.5, RankingMetrics.Map(Recs, rel, 5), 12);
    }

    [Fact]
    public void Metrics_NoHits_AreZero()
    {
        int[] rel = [100, 200];
        Assert.Equal(0, RankingMetrics.Precision(Recs, rel, 5));
        Assert.Equal(0, RankingMetrics.Recall(Recs, rel, 5));
        Assert.Equal(0, RankingMetrics.Hit(Recs, rel, 5));
        Assert.Equal(0, RankingMetrics.ReciprocalRank(Recs, rel, 5));
        Assert.Equal(0, RankingMetrics.Ndcg(Recs, rel, 5));
        Assert.Equal(0, RankingMetrics.MapAtK(Recs, rel, 5));
        Assert.Equal(0, RankingMetrics.Map(Recs, rel, 5));
    }

    [Fact]
    public void Metrics_AllHits_AreOne()
    {
        int[] recs = [7, 1, 3];
        Assert.Equal(1, RankingMetrics.Precision(recs, Relevant, 3), 12);
        Assert.Equal(1, RankingMetrics.Recall(recs, Relevant, 3), 12);
        Assert.Equal(1, RankingMetrics.Ndcg(recs, Relevant, 3), 12);
        Assert.Equal(1, RankingMetrics.MapAtK(recs, Relevant, 3), 12);
        Assert.Equal(1, RankingMetrics.Map(recs, Relevant, 3), 12);
        Assert.Equal(1, RankingMetrics.ReciprocalRank(recs, Relevant, 3), 12);
    }

    [Fact]
    public void Precision_ListShorterThanK_StillDividesByK()
    {
        int[] recs = [3]; int[] rel = [3];
        Assert.Equal(0.1, RankingMetrics.Precision(recs, rel, 10), 12);
        Assert.Equal(1, RankingMetrics.Recall(recs, rel, 10), 12);
        Assert.Equal(1, RankingMetrics.Ndcg(recs, rel, 10), 12);
        Assert.Equal(1, RankingMetrics.Map(recs, rel, 10), 12);
    }

    [Fact]
    public void Metrics_EmptyRelevant_AreZero()
    {
        Assert.Equal(0, RankingMetrics.Precision(Recs, [], 5));
        Assert.Equal(0, RankingMetrics.Ndcg(Recs, [], 5));
        Assert.Equal(0, RankingMetrics.Map(Recs, [], 5));
    }

    [Fact]
    public void NdcgGraded_RawAndExponentialGains_MatchHandComputation()
    {
        int[] recs = [1, 2]; int[] rel = [1, 2, 3]; float[] gains = [1, 3, 2];
        Assert.Equal((1 + (3 * L3)) / (3 + (2 * L3)), RankingMetrics.NdcgGraded(recs, rel, gains, 2), 12);
        Assert.Equal((1 + (7 * L3)) / (7 + (3 * L3)), RankingMetrics.NdcgGraded(recs, rel, gains, 2, exponential: true), 12);
        float[] ones = [1, 1, 1];
        Assert.Equal(RankingMetrics.Ndcg(recs, rel, 2), RankingMetrics.NdcgGraded(recs, rel, ones, 2), 12);
    }

    [Fact]
    public void Auc_TieWithNegative_CountsHalf()
    {
        float[] scores = [0.9f, 0.1f, 0.5f, 0.5f, float.NegativeInfinity];
        // relevant item 2 (0.5): beats item 1, ties item 3, loses to item 0 -> (1 + 0.5) / 3.
        Assert.Equal(0.5, RankingMetrics.Auc(scores, [2]), 12);
        // excluding item 0 (a training item) leaves negatives {1, 3} -> 1.5 / 2.
        Assert.Equal(0.75, RankingMetrics.Auc(scores, [2], [0]), 12);
    }

    [Fact]
    public void Auc_LongVectorPerfectRanking_IsOneAndReversedIsZero()
    {
        var scores = new float[1000];
        for (var i = 0; i < scores.Length; i++) scores[i] = i;
        Assert.Equal(1, RankingMetrics.Auc(scores, [998, 999]), 12);
        Assert.Equal(0, RankingMetrics.Auc(scores, [0, 1]), 12);
        Assert.True(double.IsNaN(RankingMetrics.Auc(scores, [])));
    }
}
