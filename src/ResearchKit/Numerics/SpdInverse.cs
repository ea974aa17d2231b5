using System.Numerics.Tensors;

namespace ResearchKit.Numerics;

/// <summary>
/// Inverse of a symmetric positive-definite matrix in float32, built on <see cref="Blas.Sgemm"/> so that almost all
/// of the ≈ n³ multiply-adds run in the register-tiled GEMM kernel (the LAPACK recipe: potrf, trtri, lauum):
/// <list type="number">
/// <item>blocked right-looking Cholesky A = L·Lᵀ: per panel of <see cref="Block"/> columns, factor the diagonal
/// block (in double), solve the panel below it (L21 = A21·L11⁻ᵀ) and update the lower trailing matrix
/// A22 ← A22 − L21·L21ᵀ with GEMMs over row blocks;</item>
/// <item>M = L⁻¹ by recursive halving: M21 = −M22·(L21·M11), two GEMMs per level;</item>
/// <item>A⁻¹ = Mᵀ·M, lower block rows by GEMM, then mirrored.</item>
/// </list>
/// Accuracy: float32 with GEMM accumulation in float; the diagonal blocks are factored in double. For EASE's
/// regularised Gram matrices (condition number ≲ 10⁴) the relative error of A⁻¹ against the double solve is about
/// 10⁻⁵ (checked in the tests and in docs/benchmarks.md). Work memory: one extra n×n float matrix.
/// </summary>
public static class SpdInverse
{
    /// <summary>Panel width of the factorisation and the leaf size of the triangular inverse.</summary>
    public const int Block = 192;

    /// <summary>
    /// Overwrites <paramref name="a"/> (n×n row-major, symmetric positive definite; only the lower triangle is read)
    /// with A⁻¹ (full, symmetric). Throws <see cref="ArithmeticException"/> naming the pivot when A is not positive definite.
    /// </summary>
    public static void InvertInPlace(float[] a, int n, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (a.Length < (long)n * n) throw new ArgumentException($"a must hold {n}×{n} values, has {a.Length}.", nameof(a));
        if (n == 0) return;
        Factor(a, n, ct);
        var m = new float[(long)n * n];
        InvertLower(a, m, n, 0, n, ct);
        MultiplyTransposeSelf(m, a, n, ct);
    }

    /// <summary>Blocked right-looking Cholesky: the lower triangle of <paramref name="a"/> becomes L (the upper is left as is).</summary>
    public static void Factor(float[] a, int n, CancellationToken ct = default)
    {
        var scratch = new double[Block * Block];
        for (var k = 0; k < n; k += Block)
        {
            ct.ThrowIfCancellationRequested();
            var b = Math.Min(Block, n - k);
            FactorDiagonal(a, n, k, b, scratch);
            var below = n - k - b;
            if (below == 0) break;
            SolvePanel(a, n, k, b);
            // A22 ← A22 − L21·L21ᵀ on the lower triangle only, one block row at a time (columns up to its diagonal).
            for (var r = k + b; r < n; r += Block)
            {
                var rows = Math.Min(Block, n - r);
                var cols = r + rows - (k + b);
                Blas.Sgemm(false, true, rows, cols, b, -1f, a.AsSpan((r * n) + k), n, a.AsSpan(((k + b) * n) + k), n,
                    1f, a.AsSpan((r * n) + k + b), n);
            }
        }
    }

    // The b×b diagonal block, in double: its errors would spread through every later panel.
    private static void FactorDiagonal(float[] a, int n, int k, int b, double[] s)
    {
        for (var i = 0; i < b; i++)
            for (var j = 0; j <= i; j++) s[(i * b) + j] = a[((k + i) * n) + k + j];
        for (var j = 0; j < b; j++)
        {
            var d = s[(j * b) + j] - TensorPrimitives.Dot(s.AsSpan(j * b, j), s.AsSpan(j * b, j));
            if (!(d > 0)) throw new ArithmeticException($"Cholesky: pivot {k + j} is {d}; the matrix is not positive definite (raise the regularisation).");
            var ljj = Math.Sqrt(d);
            s[(j * b) + j] = ljj;
            for (var i = j + 1; i < b; i++)
                s[(i * b) + j] = (s[(i * b) + j] - TensorPrimitives.Dot(s.AsSpan(i * b, j), s.AsSpan(j * b, j))) / ljj;
        }
        for (var i = 0; i < b; i++)
            for (var j = 0; j <= i; j++) a[((k + i) * n) + k + j] = (float)s[(i * b) + j];
    }

    // L21 = A21·L11⁻ᵀ: each row below the block is a forward substitution with L11, independent of the others.
    private static void SolvePanel(float[] a, int n, int k, int b)
    {
        var first = k + b;
        var chunks = (n - first + 63) / 64;
        Parallel.For(0, chunks, Blas.ParallelOptions, c =>
        {
            var end = Math.Min(n, first + ((c + 1) * 64));
            for (var i = first + (c * 64); i < end; i++)
            {
                var x = a.AsSpan((i * n) + k, b);
                for (var j = 0; j < b; j++)
                {
                    var lj = a.AsSpan(((k + j) * n) + k, j + 1);
                    x[j] = (x[j] - TensorPrimitives.Dot(x[..j], lj[..j])) / lj[j];
                }
            }
        });
    }

    /// <summary>
    /// Writes M = L⁻¹ of the diagonal block [o, o+s) of the lower-triangular <paramref name="l"/> into the same
    /// block of <paramref name="m"/>, whose strict upper triangle must be zero (it is, for a fresh array).
    /// </summary>
    private static void InvertLower(float[] l, float[] m, int n, int o, int s, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        if (s <= Block)
        {
            // Row i of M: M[i,i] = 1/L[i,i]; M[i,c] = −(Σ_{o≤k<i} L[i,k]·M[k,c]) / L[i,i] for c < i (rows are contiguous).
            for (var i = o; i < o + s; i++)
            {
                var row = m.AsSpan((i * n) + o, i - o + 1);
                var inv = 1f / l[(i * n) + i];
                for (var k = o; k < i; k++)
                {
                    var lik = l[(i * n) + k];
                    if (lik != 0f) TensorPrimitives.MultiplyAdd(m.AsSpan((k * n) + o, k - o + 1), -lik, row[..(k - o + 1)], row[..(k - o + 1)]);
                }
                TensorPrimitives.Multiply(row, inv, row);
                row[i - o] = inv;
            }
            return;
        }
        var s1 = s / 2 / 64 * 64;
        if (s1 == 0) s1 = s / 2;
        var s2 = s - s1;
        InvertLower(l, m, n, o, s1, ct);
        InvertLower(l, m, n, o + s1, s2, ct);
        // M21 = −M22 · (L21 · M11)
        var t = new float[(long)s2 * s1];
        Blas.Sgemm(false, false, s2, s1, s1, 1f, l.AsSpan(((o + s1) * n) + o), n, m.AsSpan((o * n) + o), n, 0f, t, s1);
        Blas.Sgemm(false, false, s2, s1, s2, -1f, m.AsSpan(((o + s1) * n) + o + s1), n, t, s1, 0f, m.AsSpan(((o + s1) * n) + o), n);
    }

    // P = Mᵀ·M with M lower triangular: block row [r, r+rows) of P's lower part is M[r:, r:r+rows]ᵀ · M[r:, 0:r+rows]
    // (rows of M above r contribute nothing, being zero in those columns); then the upper triangle is mirrored.
    private static void MultiplyTransposeSelf(float[] m, float[] p, int n, CancellationToken ct)
    {
        for (var r = 0; r < n; r += Block)
        {
            ct.ThrowIfCancellationRequested();
            var rows = Math.Min(Block, n - r);
            Blas.Sgemm(true, false, rows, r + rows, n - r, 1f, m.AsSpan((r * n) + r), n, m.AsSpan(r * n), n, 0f, p.AsSpan(r * n), n);
        }
        Parallel.For(0, n, Blas.ParallelOptions, i =>
        {
            for (var j = i + 1; j < n; j++) p[(i * n) + j] = p[(j * n) + i];
        });
    }
}
