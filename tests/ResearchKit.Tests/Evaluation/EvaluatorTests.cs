using ResearchKit.Evaluation;
using ResearchKit.Evaluation.Metrics;
using ResearchKit.Models;

namespace ResearchKit.Tests.Evaluation;

public class EvaluatorTests
{
    [Fact]
    public void Evaluate_TinyFixture_SkipsUsersWithoutTestItemsExcludesSeenAndBreaksTiesById()
    {
        var (train, test) = EvaluationFixtures.Tiny();
        var set = new TrainingSet(train);
        // Items 2 and 3 tie; item 2 must come first.
        var model = new FixedScoreModel(FixedScoreModel.SameForAll(4, 5, 4, 3, 3, 1, 0));
        model.Fit(set);
        var report = Evaluator.Evaluate(model, set, test, new EvaluationOptions { K = 2 });

        Assert.Equal([0, 1, 3], report.Users.ToArray());
        Assert.Equal([2, 3], report.Recommendations.Items(0).ToArray()); // u0: 0,1 seen
        Assert.Equal([0, 1], report.Recommendations.Items(1).ToArray()); // u1: 2 seen
        Assert.Equal([0, 2], report.Recommendations.Items(2).ToArray()); // u3: 1 seen
        Assert.Equal((1 + 0.5 + 0) / 3, report["precision@2"], 12);
        Assert.Equal((1 + 1 + 0) / 3.0, report["recall@2"], 12);
        Assert.Equal((1 + 1 + 0) / 3.0, report["hit@2"], 12);
        Assert.Equal((1 + 1 + 0) / 3.0, report["ndcg@2"], 12);
        Assert.Equal((1 + 1 + 0) / 3.0, report["map@2"], 12);
        Assert.Equal(4.0 / 6, report["coverage@2"], 12); // items {0,1,2,3} of 6
    }

    [Fact]
    public void Evaluate_AucAndBeyondAccuracy_MatchDirectComputation()
    {
        var (train, test) = EvaluationFixtures.Tiny();
        var set = new TrainingSet(train);
        var model = new FixedScoreModel(FixedScoreModel.SameForAll(4, 5, 4, 3, 3, 1, 0));
        model.Fit(set);
        var report = Evaluator.Evaluate(model, set, test, new EvaluationOptions { K = 2 });
        // u0: candidates {2,3,4,5}, relevant {2,3} both above 4,5 -> 1. u1: candidates all but 2; relevant 0 is top -> 1.
        // u3: candidates all but 1; relevant 5 is the lowest -> 0.
        Assert.Equal([1.0, 1.0, 0.0], report.PerUser("auc").ToArray());
        // Popularity: item0 2 users, item1 2, item2 1. Training users: 4.
        // Novelty: u0 [2, 3(unseen, skipped)] -> 2; u1 [0,1] -> 1; u3 [0,2] -> (1 + 2) / 2.
        var expectedNovelty = (2 + 1 + 1.5) / 3;
        Assert.Equal(expectedNovelty, report["novelty@2"], 12);
        // ARP: u0 [2,3] -> (1+0)/2, u1 [0,1] -> 2, u3 [0,2] -> 1.5.
        Assert.Equal((0.5 + 2 + 1.5) / 3, report["arp@2"], 12);
    }

    [Fact]
    public void RecommendAll_BatchAndPerUserPaths_GiveIdenticalLists()
    {
        var (train, _) = EvaluationFixtures.Random(50, 40, 12, seed: 3);
        var set = new TrainingSet(train);
        var scores = FixedScoreModel.Random(50, 40, seed: 4);
        var single = new FixedScoreModel(scores); single.Fit(set);
        var batch = new FixedBatchModel(scores); batch.Fit(set);
        var users = Enumerable.Range(0, 50).ToArray();
        var a = BatchRecommender.RecommendAll(single, set, users, 7, blockSize: 8);
        var b = BatchRecommender.RecommendAll(batch, set, users, 7, blockSize: 5, maxDegreeOfParallelism: 1);
        for (var r = 0; r < users.Length; r++)
        {
            Assert.Equal(a.Items(r).ToArray(), b.Items(r).ToArray());
            // Same as the model's own Recommend (seen excluded, ties by id).
            Assert.Equal(single.Recommend(users[r], 7).Items, a.Items(r).ToArray());
        }
    }

    [Fact]
    public void Evaluate_RatingTest_ComputesPooledRmseAndMae()
    {
        var (train, _) = EvaluationFixtures.Tiny();
        var b = new ResearchKit.Data.InteractionsBuilder();
        b.Add(0, 2, 4, 0, ResearchKit.Data.EventKind.Rating);
        b.Add(0, 3, 1, 0, ResearchKit.Data.EventKind.Rating);
        b.Add(1, 0, 5, 0, ResearchKit.Data.EventKind.Rating);
        var test = train.WithInteractions(b.Build());
        var set = new TrainingSet(train);
        var model = new RatingScoreModel(FixedScoreModel.SameForAll(4, 5, 4, 3, 3, 1, 0)); model.Fit(set);
        var report = Evaluator.Evaluate(model, set, test);
        // errors: (3-4), (3-1), (5-5) -> rmse sqrt(5/3), mae 1.
        Assert.Equal(Math.Sqrt(5.0 / 3), report["rmse"], 12);
        Assert.Equal(1, report["mae"], 12);
    }

    [Fact]
    public void Evaluate_RatingTestWithRankingModel_OmitsRatingErrorsUnlessAsked()
    {
        var (train, _) = EvaluationFixtures.Tiny();
        var b = new ResearchKit.Data.InteractionsBuilder();
        b.Add(0, 2, 4, 0, ResearchKit.Data.EventKind.Rating);
        b.Add(1, 0, 5, 0, ResearchKit.Data.EventKind.Rating);
        var test = train.WithInteractions(b.Build());
        var set = new TrainingSet(train);
        var model = new FixedScoreModel(FixedScoreModel.SameForAll(4, 5, 4, 3, 3, 1, 0)); model.Fit(set);
        var report = Evaluator.Evaluate(model, set, test);
        Assert.DoesNotContain("rmse", report.MetricNames);
        Assert.DoesNotContain("mae", report.MetricNames);
        var asked = Evaluator.Evaluate(model, set, test, new EvaluationOptions { RatingErrors = true });
        Assert.Equal(Math.Sqrt(((3.0 - 4) * (3 - 4) + 0) / 2), asked["rmse"], 12);   // errors (3-4), (5-5)
    }

    private sealed class RatingScoreModel(float[,] scores) : FixedScoreModel(scores), IRatingPredictor;

    [Fact]
    public void Evaluate_MetricNames_FollowDesignCard()
    {
        var (train, test) = EvaluationFixtures.Tiny();
        var set = new TrainingSet(train);
        var model = new FixedScoreModel(FixedScoreModel.SameForAll(4, 5, 4, 3, 3, 1, 0)); model.Fit(set);
        var report = Evaluator.Evaluate(model, set, test);
        Assert.Equal(["precision@10", "recall@10", "hit@10", "mrr@10", "ndcg@10", "map@10", "map", "auc",
            "novelty@10", "diversity@10", "serendipity@10", "arp@10", "coverage@10", "gini@10"], report.MetricNames);
        Assert.Throws<KeyNotFoundException>(() => report["precision@5"]);
    }

    [Fact]
    public void Evaluate_PerUserValuesAgreeWithMetricFunctions()
    {
        var (train, test) = EvaluationFixtures.Random(60, 30, 10, seed: 9);
        var set = new TrainingSet(train);
        var model = new FixedBatchModel(FixedScoreModel.Random(60, 30, seed: 10)); model.Fit(set);
        var report = Evaluator.Evaluate(model, set, test, new EvaluationOptions { K = 5 });
        var truth = test.ToCsr();
        var ndcg = report.PerUser("ndcg@5");
        for (var r = 0; r < report.UserCount; r++)
        {
            var u = report.Users[r];
            Assert.Equal(RankingMetrics.Ndcg(model.Recommend(u, 5).Items, truth.RowIndices(u), 5), ndcg[r], 12);
        }
    }
}
