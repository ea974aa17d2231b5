using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

public class AlsRecommenderTests
{
    private static AlsOptions Small => new() { Factors = 8, Iterations = 8, Regularization = 0.1f, Alpha = 5, CalculateLoss = true, Threads = 2 };

    [Fact]
    public void Fit_Checkerboard_LossDecreasesEveryIteration()
    {
        var model = new AlsRecommender(Small with { Iterations = 12 });
        model.Fit(CfFixtures.Checkerboard());
        var loss = model.LossHistory;
        Assert.Equal(12, loss.Count);
        for (var i = 1; i < loss.Count; i++) Assert.True(loss[i] < loss[i - 1], $"loss rose at iteration {i + 1}: {loss[i - 1]} -> {loss[i]}");
    }

    [Fact]
    public void ConjugateGradient_SmallProblem_MatchesCholesky()
    {
        const int f = 6;
        var rng = new Random(5);
        var other = Enumerable.Range(0, 20 * f).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray();
        var gram = new float[f * f];
        for (var r = 0; r < 20; r++)
            for (var a = 0; a < f; a++)
                for (var b = 0; b < f; b++) gram[(a * f) + b] += other[(r * f) + a] * other[(r * f) + b];
        for (var a = 0; a < f; a++) gram[(a * f) + a] += 0.1f;
        int[] idx = [1, 4, 7, 12, 19];
        float[] conf = [2f, 5f, 1.5f, 9f, 3f];
        var exact = new float[f];
        AlsRowSolvers.Exact(gram, other, idx, conf, exact, new double[(f * f) + f]);
        var cg = new float[f];
        AlsRowSolvers.ConjugateGradient(gram, other, idx, conf, cg, f, new float[3 * f]); // CG is exact after f steps
        for (var i = 0; i < f; i++) Assert.Equal(exact[i], cg[i], 2e-3f);
        var cg3 = new float[f];
        AlsRowSolvers.ConjugateGradient(gram, other, idx, conf, cg3, 3, new float[3 * f]);
        Assert.NotEqual(0f, cg3[0]);
    }

    [Fact]
    public void Fit_CgAndCholeskySolvers_AgreeOnScores()
    {
        var train = CfFixtures.Checkerboard();
        var cg = new AlsRecommender(Small with { CgSteps = 8 });
        var exact = new AlsRecommender(Small with { Solver = AlsSolver.Cholesky });
        cg.Fit(train); exact.Fit(train);
        var a = new float[CfFixtures.Items]; var b = new float[CfFixtures.Items];
        for (var u = 0; u < CfFixtures.Users; u++)
        {
            cg.Score(u, a); exact.Score(u, b);
            for (var i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i], 2e-2f);
        }
    }

    [Fact]
    public void FoldInUser_BlockItems_RecommendsSameBlock()
    {
        var model = new AlsRecommender(Small);
        model.Fit(CfFixtures.Checkerboard());
        var recs = model.RecommendForNewUser([1, 3, 5, 7], 5);
        Assert.All(recs.Items, i => Assert.Equal(1, i % 2));
        Assert.DoesNotContain(3, recs.Items);
    }

    [Fact]
    public void SimilarItemsAndUsers_Checkerboard_StayInBlock()
    {
        var model = new AlsRecommender(Small);
        model.Fit(CfFixtures.Checkerboard());
        Assert.All(model.SimilarItems(0, 5).Items, i => Assert.Equal(0, i % 2));
        Assert.All(model.SimilarUsers(1, 5).Items, u => Assert.Equal(1, u % 2));
        Assert.DoesNotContain(0, model.SimilarItems(0, 5).Items);
    }

    [Fact]
    public void WarmStart_SecondFit_StartsFromPreviousFactors()
    {
        var train = CfFixtures.Checkerboard();
        var model = new AlsRecommender(Small with { WarmStart = true, Iterations = 6 });
        model.Fit(train);
        var first = model.LossHistory[^1];
        model.Fit(train);
        Assert.True(model.LossHistory[0] <= first * 1.0001, $"warm start began at {model.LossHistory[0]}, previous fit ended at {first}");
    }

    [Fact]
    public void Fit_HugeInitialFactors_ThrowsNamingModelAndIteration()
    {
        var model = new AlsRecommender(Small with { InitScale = 1e30f, CalculateLoss = false });
        var e = Assert.Throws<ArithmeticException>(() => model.Fit(CfFixtures.Checkerboard()));
        Assert.Contains("als", e.Message, StringComparison.Ordinal);
        Assert.Contains("iteration 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScoreBatch_EqualsScoreToRoundOff()
    {
        var model = new AlsRecommender(Small);
        model.Fit(CfFixtures.Checkerboard());
        int[] users = [3, 0, 17];
        var batch = new float[users.Length * CfFixtures.Items];
        model.ScoreBatch(users, batch);
        var one = new float[CfFixtures.Items];
        for (var b = 0; b < users.Length; b++)
        {
            model.Score(users[b], one);
            for (var i = 0; i < one.Length; i++) Assert.Equal(one[i], batch[(b * CfFixtures.Items) + i], 1e-5f); // GEMM sums in another order
        }
    }
}
