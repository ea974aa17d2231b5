using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Numerics;

namespace ResearchKit.Tests.Numerics;

public class SpdInverseTests
{
    /// <summary>An EASE-like Gram matrix XᵀX + λI of a random binary user × item matrix (as floats; entries are integers).</summary>
    internal static float[] SparseGram(int users, int items, double density, float lambda, int seed)
    {
        var rng = new Random(seed);
        var rows = new List<int>[users];
        for (var u = 0; u < users; u++)
        {
            rows[u] = [];
            // Popularity skew like real catalogues: item i is drawn with weight ∝ 1/(1 + i/20).
            for (var i = 0; i < items; i++) if (rng.NextDouble() < density * 3 / (1 + (i / 20.0))) rows[u].Add(i);
        }
        var g = new float[items * items];
        foreach (var r in rows)
            foreach (var i in r)
                foreach (var j in r) g[(i * items) + j]++;
        for (var i = 0; i < items; i++) g[(i * items) + i] += lambda;
        return g;
    }

    /// <summary>The double-precision solve the kit used before: Cholesky in double, one solve per unit vector.</summary>
    internal static double[] DoubleInverse(float[] a, int n)
    {
        var l = a.Select(v => (double)v).ToArray();
        DenseCholesky.Factor(l, n);
        var inv = new double[n * n];
        var col = new double[n];
        for (var j = 0; j < n; j++)
        {
            Array.Clear(col); col[j] = 1;
            DenseCholesky.Solve(l, n, col);
            for (var i = 0; i < n; i++) inv[(i * n) + j] = col[i];
        }
        return inv;
    }

    [Fact]
    public void InvertInPlace_KnownMatrix_MatchesExactInverse()
    {
        // A = L·Lᵀ with L = [[2,0,0],[6,1,0],[−8,5,3]]; A⁻¹ computed exactly in fractions.
        float[] a = [4, 12, -16, 12, 37, -43, -16, -43, 98];
        double[] expected = [1777 / 36.0, -122 / 9.0, 19 / 9.0, -122 / 9.0, 34 / 9.0, -5 / 9.0, 19 / 9.0, -5 / 9.0, 1 / 9.0];
        SpdInverse.InvertInPlace(a, 3);
        for (var i = 0; i < 9; i++) Assert.Equal(expected[i], a[i], 1e-3 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Theory]
    [InlineData(150)]
    [InlineData(613)]   // several panels, an uneven last panel, two levels of the recursive triangular inverse
    public void InvertInPlace_EaseGram_MatchesDoubleSolveAndInvertsTheMatrix(int n)
    {
        var g = SparseGram(400, n, 0.05, 50, seed: n);
        var reference = DoubleInverse(g, n);
        var p = (float[])g.Clone();
        SpdInverse.InvertInPlace(p, n);

        var scale = reference.Max(Math.Abs);
        var worst = 0.0;
        for (var i = 0; i < n * n; i++) worst = Math.Max(worst, Math.Abs(p[i] - reference[i]));
        Assert.True(worst / scale < 2e-5, $"max |P − P_double| / max |P_double| = {worst / scale:E2}");

        // (G)·P = I, checked in double on the float result.
        var residual = 0.0;
        for (var i = 0; i < n; i += 7)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++) s += g[(i * n) + k] * (double)p[(k * n) + j];
                residual = Math.Max(residual, Math.Abs(s - (i == j ? 1 : 0)));
            }
        Assert.True(residual < 1e-3, $"max |G·P − I| = {residual:E2}");
        for (var i = 0; i < n; i++)
            for (var j = 0; j < i; j++) Assert.Equal(p[(i * n) + j], p[(j * n) + i]);
    }

    [Fact]
    public void InvertInPlace_NotPositiveDefinite_ThrowsNamingThePivot()
    {
        var n = 300;
        var a = new float[n * n];
        for (var i = 0; i < n; i++) a[(i * n) + i] = i == 250 ? -1 : 2;
        var e = Assert.Throws<ArithmeticException>(() => SpdInverse.InvertInPlace(a, n));
        Assert.Contains("pivot 250", e.Message, StringComparison.Ordinal);
    }
}
