using ResearchKit.Data;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

public class EaseRecommenderTests
{
    [Fact]
    public void Fit_MoreItemsThanOneBlock_MatchesTheDoubleClosedForm()
    {
        // 400 items: the GEMM-based inverse runs several panels; B must match −P_ij/P_jj of a double solve.
        const int items = 400, users = 300;
        var rng = new Random(11);
        var log = new InteractionsBuilder();
        for (var u = 0; u < users; u++)
            for (var i = 0; i < items; i++) if (rng.NextDouble() < 0.15 / (1 + (i / 40.0))) log.Add(u, i);
        var train = CfFixtures.Wrap("skewed", log.Build(), users, items);
        var model = new EaseRecommender(new EaseOptions { Regularization = 30 });
        model.Fit(train);

        var g = new float[items * items];
        for (var u = 0; u < users; u++)
            foreach (var i in train.UserItems.RowIndices(u))
                foreach (var j in train.UserItems.RowIndices(u)) g[(i * items) + j]++;
        for (var i = 0; i < items; i++) g[(i * items) + i] += 30;
        var p = ResearchKit.Tests.Numerics.SpdInverseTests.DoubleInverse(g, items);
        var b = model.Weights;
        var worst = 0.0; var scale = 0.0;
        for (var i = 0; i < items; i++)
        {
            Assert.Equal(0f, b[(i * items) + i]);
            for (var j = 0; j < items; j++)
            {
                if (i == j) continue;
                var expected = -p[(i * items) + j] / p[(j * items) + j];
                worst = Math.Max(worst, Math.Abs(b[(i * items) + j] - expected));
                scale = Math.Max(scale, Math.Abs(expected));
            }
        }
        Assert.True(worst / scale < 1e-4, $"max |B − B_double| / max |B_double| = {worst / scale:E2}");
    }

    [Fact]
    public void Fit_Checkerboard_WeightsHaveZeroDiagonalAndMatchClosedForm()
    {
        var train = CfFixtures.Checkerboard();
        var model = new EaseRecommender(new EaseOptions { Regularization = 5 });
        model.Fit(train);
        var n = CfFixtures.Items;
        var b = model.Weights;
        // Stationarity of |X − XB|² + λ|B|² off the diagonal: ((XᵀX + λI)(I − B))_ij = 0 for i ≠ j.
        var g = new double[n * n];
        for (var u = 0; u < CfFixtures.Users; u++)
            foreach (var i in train.UserItems.RowIndices(u))
                foreach (var j in train.UserItems.RowIndices(u)) g[(i * n) + j]++;
        for (var i = 0; i < n; i++) g[(i * n) + i] += 5;
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(0f, b[(i * n) + i]);
            for (var j = 0; j < n; j++)
            {
                if (i == j) continue;
                double s = 0;
                for (var k = 0; k < n; k++) s += g[(i * n) + k] * ((k == j ? 1 : 0) - b[(k * n) + j]);
                Assert.Equal(0, s, 3);
            }
        }
    }

    [Fact]
    public void Fit_TooManyItems_ThrowsWithMemoryNeeded()
    {
        var model = new EaseRecommender(new EaseOptions { MaxItems = 10 });
        var e = Assert.Throws<InvalidOperationException>(() => model.Fit(CfFixtures.Checkerboard()));
        Assert.Contains("ease", e.Message, StringComparison.Ordinal);
        Assert.Contains("GiB", e.Message, StringComparison.Ordinal);
        Assert.Equal(100_000L * 100_000 * 9, EaseRecommender.MemoryNeeded(100_000));   // G/P/B and L⁻¹ as floats, half-size scratch
    }
}
