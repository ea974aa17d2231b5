namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>
/// Cholesky factorisation A = L·Lᵀ of a small symmetric positive-definite matrix (row-major, double) and its solve,
/// for ALS's f×f normal equations (EASE's large inverse uses the GEMM-based <see cref="Numerics.SpdInverse"/>). Left-looking by columns: column j is
/// <c>L[i,j] = (A[i,j] − L[i,0:j]·L[j,0:j]) / L[j,j]</c>, whose rows i &gt; j are independent and so run in parallel;
/// every inner product is over contiguous row prefixes.
/// </summary>
internal static class DenseCholesky
{
    /// <summary>
    /// Overwrites the lower triangle of <paramref name="a"/> (n×n) with L; the strict upper triangle is zeroed.
    /// Throws when a pivot is not positive (the matrix is not positive definite), naming the pivot.
    /// </summary>
    public static void Factor(double[] a, int n, int threads = 1)
    {
        for (var j = 0; j < n; j++)
        {
            var rowJ = a.AsSpan(j * n, j);
            var d = a[(j * n) + j] - System.Numerics.Tensors.TensorPrimitives.Dot(rowJ, rowJ);
            if (!(d > 0)) throw new ArithmeticException($"Cholesky: pivot {j} is {d}; the matrix is not positive definite (raise the regularisation).");
            var ljj = Math.Sqrt(d);
            a[(j * n) + j] = ljj;
            var jj = j;
            if (threads > 1 && (n - j) * (long)j > 4_000_000) // below this a Parallel.For per column costs more than it saves
            {
                Parallel.For(j + 1, n, new ParallelOptions { MaxDegreeOfParallelism = threads }, i => Column(a, n, i, jj, ljj));
            }
            else
            {
                for (var i = j + 1; i < n; i++) Column(a, n, i, jj, ljj);
            }
        }
        for (var i = 0; i < n; i++) a.AsSpan((i * n) + i + 1, n - i - 1).Clear();
    }

    private static void Column(double[] a, int n, int i, int j, double ljj)
    {
        var dot = System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(i * n, j), a.AsSpan(j * n, j));
        a[(i * n) + j] = (a[(i * n) + j] - dot) / ljj;
    }

    /// <summary>Solves L·Lᵀ x = b in place (b becomes x), given the factor from <see cref="Factor"/>.</summary>
    public static void Solve(ReadOnlySpan<double> l, int n, Span<double> b)
    {
        for (var i = 0; i < n; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++) s -= l[(i * n) + k] * b[k];
            b[i] = s / l[(i * n) + i];
        }
        for (var i = n - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < n; k++) s -= l[(k * n) + i] * b[k];
            b[i] = s / l[(i * n) + i];
        }
    }
}
