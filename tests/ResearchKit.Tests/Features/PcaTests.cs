using ResearchKit.Features;
using ResearchKit.Features.Decomposition;

namespace ResearchKit.Tests.Features;

public class PcaTests
{
    [Fact]
    public void Jacobi_KnownTwoByTwoAndResidual()
    {
        var (values, vectors) = JacobiEigen.Decompose([2, 1, 1, 2], 2);
        Assert.Equal(3.0, values[0], 12);
        Assert.Equal(1.0, values[1], 12);
        Assert.Equal(Math.Sqrt(0.5), Math.Abs(vectors[0]), 12);

        var rng = new Random(5);
        const int n = 7;
        var a = new double[n * n];
        for (var i = 0; i < n; i++) for (var j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = rng.NextDouble() - 0.5;
        var (lam, v) = JacobiEigen.Decompose(a, n);
        for (var j = 0; j < n; j++)
            for (var i = 0; i < n; i++)
            {
                double av = 0;
                for (var x = 0; x < n; x++) av += a[i * n + x] * v[x * n + j];
                Assert.Equal(lam[j] * v[i * n + j], av, 10); // A v = λ v
            }
        Assert.Throws<ArgumentException>(() => JacobiEigen.Decompose([1, 2, 3, 4], 2));
    }

    /// <summary>Rows with a clear spectrum: latent factors of decreasing scale, mixed into 6 columns, plus noise.</summary>
    private static FeatureSet Correlated(int rows, int seed)
    {
        var rng = new Random(seed);
        const int d = 6;
        var data = new float[rows * d];
        double[] scale = [5, 3, 1.5, 0.8, 0.4, 0.2];
        for (var r = 0; r < rows; r++)
        {
            var z = new double[d];
            for (var j = 0; j < d; j++) z[j] = scale[j] * (rng.NextDouble() - 0.5) * 3.4;
            for (var c = 0; c < d; c++)
            {
                double v = 10 + c;
                for (var j = 0; j < d; j++) v += z[j] * Math.Cos((c + 1) * (j + 1) * 0.7);
                data[r * d + c] = (float)v;
            }
        }
        return new FeatureSet(["a", "b", "c", "d", "e", "f"], data, rows);
    }

    /// <summary>Covariance (ddof 1) of a feature set, for the exact reference.</summary>
    private static double[] Covariance(FeatureSet f)
    {
        int m = f.Rows, d = f.ColumnCount;
        var mean = new double[d];
        for (var r = 0; r < m; r++) for (var c = 0; c < d; c++) mean[c] += f[r, c] / (double)m;
        var cov = new double[d * d];
        for (var r = 0; r < m; r++)
            for (var x = 0; x < d; x++)
                for (var y = 0; y < d; y++) cov[x * d + y] += (f[r, x] - mean[x]) * (f[r, y] - mean[y]) / (m - 1);
        return cov;
    }

    [Theory]
    [InlineData(6, 0)]  // full rank: the sketch spans everything, exact after no power iteration
    [InlineData(3, 4)]  // truncated: k + p exceeds d here too, so still exact
    [InlineData(2, 6)]
    public void Pca_MatchesExactEigendecomposition(int k, int powerIterations)
    {
        var f = Correlated(40, 11);
        var pca = new Pca(k, oversampling: 10, powerIterations: powerIterations, seed: 3);
        pca.Fit(f);
        var (lambda, vectors) = JacobiEigen.Decompose(Covariance(f), 6);
        double total = 0;
        foreach (var l in lambda) total += l;
        for (var j = 0; j < k; j++)
        {
            Assert.Equal(lambda[j], pca.ExplainedVariance[j], 1e-6 * lambda[0]);
            Assert.Equal(lambda[j] / total, pca.ExplainedVarianceRatio[j], 1e-7);
            double dot = 0;
            for (var c = 0; c < 6; c++) dot += vectors[c * 6 + j] * pca.ComponentMatrix[j * 6 + c];
            Assert.Equal(1.0, Math.Abs(dot), 1e-6); // same direction up to sign
        }
    }

    [Fact]
    public void RandomizedSvd_Truncated_TallMatrixMatchesEigenWithSmallSketch()
    {
        // 12 columns, k = 3, p = 2: the sketch (5 directions) does not span the space, so power iterations matter.
        var rng = new Random(9);
        const int m = 300, n = 12;
        var a = new double[m * n];
        for (var r = 0; r < m; r++)
            for (var c = 0; c < n; c++)
                a[r * n + c] = (rng.NextDouble() - 0.5) * Math.Pow(0.5, c);
        var svd = RandomizedSvd.Compute(a, m, n, 3, oversampling: 2, powerIterations: 6, seed: 1);
        var ata = new double[n * n];
        for (var r = 0; r < m; r++) for (var x = 0; x < n; x++) for (var y = 0; y < n; y++) ata[x * n + y] += a[r * n + x] * a[r * n + y];
        var (lambda, _) = JacobiEigen.Decompose(ata, n);
        for (var j = 0; j < 3; j++) Assert.Equal(Math.Sqrt(lambda[j]), svd.SingularValues[j], 1e-4 * Math.Sqrt(lambda[0]));
    }

    [Fact]
    public void Pca_TransformedTrainHasExplainedVarianceAndZeroMean()
    {
        var f = Correlated(50, 2);
        var pca = new Pca(3);
        var z = pca.FitTransform(f);
        Assert.Equal(["pc1", "pc2", "pc3"], z.Columns);
        var stats = z.Describe();
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(0.0, stats[j].Mean, 3);
            Assert.Equal(pca.ExplainedVariance[j], stats[j].Std * stats[j].Std * 50 / 49, 1e-3 * pca.ExplainedVariance[0]);
        }
        var white = new Pca(2, whiten: true).FitTransform(f).Describe();
        Assert.Equal(1.0, white[1].Std * white[1].Std * 50 / 49, 3);
    }

    [Fact]
    public void Pca_MissingValuesOrTooManyComponents_ThrowsClearly()
    {
        var f = new FeatureSet(["x", "y"], [1, float.NaN, 2, 3], 2);
        var e = Assert.Throws<ArgumentException>(() => new Pca(1).Fit(f));
        Assert.Contains("'y'", e.Message, StringComparison.Ordinal);
        Assert.Contains("Imputer", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new Pca(3).Fit(new FeatureSet(["x", "y"], [1, 2, 3, 4], 2)));
    }
}
