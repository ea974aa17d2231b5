using ResearchKit.Evaluation.Metrics;

namespace ResearchKit.Evaluation;

/// <summary>Fills one row of a <see cref="MetricTable"/> from a user's list: the list-based metrics, no allocation.</summary>
internal static class UserMetricsCalculator
{
    public static void Fill(MetricTable table, int row, ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant,
        ReadOnlySpan<float> relevantValues, ReadOnlySpan<int> history, EvaluationContext context, NdcgGain graded)
    {
        var k = table.K;
        var v = table.Values;
        v[(int)UserMetric.Precision][row] = RankingMetrics.Precision(recommended, relevant, k);
        v[(int)UserMetric.Recall][row] = RankingMetrics.Recall(recommended, relevant, k);
        v[(int)UserMetric.Hit][row] = RankingMetrics.Hit(recommended, relevant, k);
        v[(int)UserMetric.Mrr][row] = RankingMetrics.ReciprocalRank(recommended, relevant, k);
        v[(int)UserMetric.Ndcg][row] = RankingMetrics.Ndcg(recommended, relevant, k);
        v[(int)UserMetric.MapAtK][row] = RankingMetrics.MapAtK(recommended, relevant, k);
        v[(int)UserMetric.Map][row] = RankingMetrics.Map(recommended, relevant, k);
        if (table.Enabled[(int)UserMetric.NdcgGraded])
            v[(int)UserMetric.NdcgGraded][row] = RankingMetrics.NdcgGraded(recommended, relevant, relevantValues, k, graded == NdcgGain.Exponential);
        if (context.Popularity is { } pop)
        {
            if (table.Enabled[(int)UserMetric.Novelty])
                v[(int)UserMetric.Novelty][row] = context.TrainUserCount > 0 ? BeyondAccuracyMetrics.Novelty(recommended, k, pop, context.TrainUserCount) : double.NaN;
            if (table.Enabled[(int)UserMetric.Arp])
                v[(int)UserMetric.Arp][row] = BeyondAccuracyMetrics.AverageRecommendationPopularity(recommended, k, pop);
        }
        if (context.Similarity is { } sim)
        {
            if (table.Enabled[(int)UserMetric.Diversity])
                v[(int)UserMetric.Diversity][row] = BeyondAccuracyMetrics.Diversity(recommended, k, sim);
            if (table.Enabled[(int)UserMetric.Serendipity])
                v[(int)UserMetric.Serendipity][row] = BeyondAccuracyMetrics.Serendipity(recommended, relevant, k, history, sim);
        }
    }

    /// <summary>Which metrics a run computes.</summary>
    public static bool[] Enabled(EvaluationOptions options, EvaluationContext context, bool scores, bool ratings)
    {
        var e = new bool[MetricTable.MetricCount];
        for (var m = 0; m <= (int)UserMetric.Map; m++) e[m] = true;
        e[(int)UserMetric.NdcgGraded] = options.GradedNdcg != NdcgGain.None;
        e[(int)UserMetric.Auc] = scores && options.Auc;
        e[(int)UserMetric.Rmse] = e[(int)UserMetric.Mae] = scores && ratings;
        e[(int)UserMetric.SampledHit] = e[(int)UserMetric.SampledNdcg] = scores && options.SampledCandidates > 0;
        var beyond = options.BeyondAccuracy;
        e[(int)UserMetric.Novelty] = e[(int)UserMetric.Arp] = beyond && context.Popularity is not null;
        e[(int)UserMetric.Diversity] = e[(int)UserMetric.Serendipity] = beyond && context.Similarity is not null;
        return e;
    }
}
