using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

public class EaseRecommenderTests
{
    [Fact]
    public void InvertInPlace_RandomSpd_GivesInverse()
    {
        const int n = 37;
        var rng = new Random(3);
        var m = Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var a = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = i == j ? 1 : 0;
                for (var k = 0; k < n; k++) s += m[(i * n) + k] * m[(j * n) + k];
                a[(i * n) + j] = s;
            }
        var inv = (double[])a.Clone();
        DenseCholesky.InvertInPlace(inv, n, threads: 2);
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++) s += a[(i * n) + k] * inv[(k * n) + j];
                Assert.Equal(i == j ? 1 : 0, s, 8);
            }
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
        Assert.Equal(100_000L * 100_000 * 20, EaseRecommender.MemoryNeeded(100_000));
    }
}
