using ResearchKit.Numerics;

namespace ResearchKit.Tests.Numerics;

public class BlasTests
{
    private static float[] Random(int count, int seed)
    {
        var rng = new Random(seed);
        var x = new float[count];
        for (var i = 0; i < count; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    /// <summary>Float64 triple loop: the reference.</summary>
    private static double[] Reference(bool ta, bool tb, int m, int n, int k, float alpha, float[] a, int lda, float[] b, int ldb, float beta, float[] c, int ldc)
    {
        var r = new double[m * n];
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var p = 0; p < k; p++)
                    s += (double)(ta ? a[p * lda + i] : a[i * lda + p]) * (tb ? b[j * ldb + p] : b[p * ldb + j]);
                r[i * n + j] = alpha * s + (beta == 0 ? 0 : beta * (double)c[i * ldc + j]);
            }
        return r;
    }

    public static TheoryData<int, int, int> Sizes => new()
    {
        { 1, 1, 1 }, { 7, 7, 7 }, { 1, 33, 65 }, { 33, 1, 7 }, { 33, 65, 130 }, { 65, 130, 33 }, { 130, 7, 300 }, { 7, 300, 1 }, { 257, 70, 40 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Sgemm_AllTransposes_MatchesFloat64Reference(int m, int n, int k)
    {
        foreach (var ta in new[] { false, true })
            foreach (var tb in new[] { false, true })
            {
                // Padded leading dimensions catch stride mistakes.
                var lda = (ta ? m : k) + 3; var ldb = (tb ? k : n) + 2; var ldc = n + 1;
                var a = Random((ta ? k : m) * lda, 1); var b = Random((tb ? n : k) * ldb, 2); var c = Random(m * ldc, 3);
                var expected = Reference(ta, tb, m, n, k, 0.7f, a, lda, b, ldb, 0.3f, c, ldc);
                var sentinel = c[ldc - 1];
                Blas.Sgemm(ta, tb, m, n, k, 0.7f, a, lda, b, ldb, 0.3f, c, ldc);
                for (var i = 0; i < m; i++)
                    for (var j = 0; j < n; j++)
                        Assert.True(Math.Abs(c[i * ldc + j] - expected[i * n + j]) <= 1e-4 * (1 + Math.Sqrt(k)),
                            $"ta={ta} tb={tb} ({i},{j}): {c[i * ldc + j]} vs {expected[i * n + j]}");
                Assert.Equal(sentinel, c[ldc - 1]); // padding column untouched
            }
    }

    [Fact]
    public void Sgemm_BetaZero_IgnoresNaNInOutput()
    {
        var a = Random(40 * 50, 4); var b = Random(50 * 60, 5);
        var c = new float[40 * 60]; Array.Fill(c, float.NaN);
        Blas.Sgemm(false, false, 40, 60, 50, 1f, a, 50, b, 60, 0f, c, 60);
        var expected = Reference(false, false, 40, 60, 50, 1f, a, 50, b, 60, 0f, c, 60);
        for (var i = 0; i < c.Length; i++) Assert.Equal(expected[i], c[i], 1e-4);
    }

    [Fact]
    public void Sgemm_ThreadCount_DoesNotChangeBits()
    {
        const int m = 300, n = 700, k = 600;
        var a = Random(m * k, 6); var b = Random(n * k, 7);
        var one = new float[m * n]; var all = new float[m * n];
        var saved = Blas.MaxDegreeOfParallelism;
        try
        {
            // α ≠ 1: the thread count changes the tiling (and which kernel reads A), never the bits.
            Blas.MaxDegreeOfParallelism = 1;
            Blas.Sgemm(false, true, m, n, k, 0.37f, a, k, b, k, 0f, one, n);
            Blas.MaxDegreeOfParallelism = 4;
            Blas.Sgemm(false, true, m, n, k, 0.37f, a, k, b, k, 0f, all, n);
        }
        finally { Blas.MaxDegreeOfParallelism = saved; }
        Assert.Equal(one, all);
    }

    [Fact]
    public void Sgemm_ShortBuffer_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ArgumentException>(() => Blas.Sgemm(false, false, 4, 4, 4, 1f, new float[15], 4, new float[16], 4, 0f, new float[16], 4));
        Assert.Equal("a", ex.ParamName);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(65, 7)]
    [InlineData(5000, 33)]
    public void Gram_MatchesXtX(int rows, int cols)
    {
        var x = Random(rows * cols, 8);
        var g = new float[cols * cols];
        Blas.Gram(rows, cols, x, cols, g, cols);
        var expected = Reference(true, false, cols, cols, rows, 1f, x, cols, x, cols, 0f, g, cols);
        for (var i = 0; i < g.Length; i++) Assert.True(Math.Abs(g[i] - expected[i]) <= 1e-3 * (1 + Math.Abs(expected[i])), $"{i}: {g[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(false, 1, 1)]
    [InlineData(false, 33, 130)]
    [InlineData(true, 33, 130)]
    [InlineData(true, 700, 1100)]
    [InlineData(false, 1100, 700)]
    public void Sgemv_MatchesReference(bool trans, int m, int n)
    {
        var a = Random(m * n, 9);
        var x = Random(trans ? m : n, 10);
        var y = Random(trans ? n : m, 11);
        var expected = Reference(trans, false, trans ? n : m, 1, trans ? m : n, 0.5f, a, n, x, 1, 2f, y, 1);
        Blas.Sgemv(trans, m, n, 0.5f, a, n, x, 2f, y);
        for (var i = 0; i < y.Length; i++) Assert.True(Math.Abs(y[i] - expected[i]) <= 1e-3, $"{i}: {y[i]} vs {expected[i]}");
    }
}
