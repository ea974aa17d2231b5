namespace ResearchKit.Features.Decomposition;

/// <summary>The leading singular triplets of a matrix: A ≈ U · diag(S) · Vᵀ.</summary>
/// <param name="SingularValues">S, descending (length k).</param>
/// <param name="RightVectors">Vᵀ row-major k × n: row j is the j-th right singular vector.</param>
/// <param name="LeftVectors">U row-major m × k.</param>
public sealed record SvdResult(double[] SingularValues, double[] RightVectors, double[] LeftVectors);

/// <summary>
/// Truncated SVD by randomized subspace iteration (Halko, Martinsson &amp; Tropp, "Finding Structure with
/// Randomness: Probabilistic Algorithms for Constructing Approximate Matrix Decompositions", SIAM Review 53(2),
/// 2011; Algorithm 4.4 for the range, Algorithm 5.1 for the SVD):
/// <list type="number">
/// <item>Y = A Ω with Ω an n × l Gaussian matrix, l = k + oversampling; Q = orth(Y).</item>
/// <item>q power iterations Q ← orth(A orth(Aᵀ Q)), re-orthonormalised each half step so small singular values
/// are not lost to rounding.</item>
/// <item>B = Qᵀ A (l × n, small); its SVD from the eigendecomposition of B Bᵀ = U_B S² U_Bᵀ (<see cref="JacobiEigen"/>);
/// V = Bᵀ U_B S⁻¹ and U = Q U_B.</item>
/// </list>
/// The error is within a small factor of σ_{k+1} (Halko et al., Thm. 10.6), and exact when rank(A) ≤ l.
/// Computed in double precision; deterministic for a given seed.
/// </summary>
public static class RandomizedSvd
{
    /// <summary>The top <paramref name="k"/> singular triplets of the row-major m × n matrix <paramref name="a"/>.</summary>
    public static SvdResult Compute(double[] a, int m, int n, int k, int oversampling = 10, int powerIterations = 4, int seed = 42)
    {
        ArgumentNullException.ThrowIfNull(a);
        if (a.Length != (long)m * n) throw new ArgumentException($"a has {a.Length} values; expected m × n = {m} × {n}.", nameof(a));
        if (k < 1 || k > Math.Min(m, n)) throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be in [1, min(m, n) = {Math.Min(m, n)}].");
        ArgumentOutOfRangeException.ThrowIfNegative(oversampling);
        ArgumentOutOfRangeException.ThrowIfNegative(powerIterations);
        var l = Math.Min(k + oversampling, Math.Min(m, n));
        var rng = new Random(seed);

        var omega = new double[n * l];
        for (var i = 0; i < omega.Length; i++) omega[i] = Gaussian(rng);
        var q = MultiplyAB(a, m, n, omega, l);               // m × l
        Orthonormalize(q, m, l, rng);
        for (var it = 0; it < powerIterations; it++)
        {
            var z = MultiplyAtB(a, m, n, q, l);                  // n × l
            Orthonormalize(z, n, l, rng);
            q = MultiplyAB(a, m, n, z, l);
            Orthonormalize(q, m, l, rng);
        }

        var bt = MultiplyAtB(a, m, n, q, l);                 // Bᵀ = Aᵀ Q, n × l
        var gram = new double[l * l];                        // B Bᵀ = (Bᵀ)ᵀ Bᵀ
        for (var i = 0; i < n; i++)
            for (var x = 0; x < l; x++)
            {
                var bx = bt[i * l + x];
                if (bx == 0) continue;
                for (var y = 0; y < l; y++) gram[x * l + y] += bx * bt[i * l + y];
            }
        for (var x = 0; x < l; x++) for (var y = 0; y < x; y++) gram[x * l + y] = gram[y * l + x] = 0.5 * (gram[x * l + y] + gram[y * l + x]);
        var (eig, ub) = JacobiEigen.Decompose(gram, l);

        var s = new double[k];
        var vt = new double[k * n];
        var u = new double[m * k];
        for (var j = 0; j < k; j++)
        {
            s[j] = Math.Sqrt(Math.Max(eig[j], 0));
            if (s[j] <= 1e-12 * Math.Sqrt(Math.Max(eig[0], 0))) { s[j] = 0; continue; }
            for (var i = 0; i < n; i++)
            {
                double sum = 0;
                for (var x = 0; x < l; x++) sum += bt[i * l + x] * ub[x * l + j];
                vt[j * n + i] = sum / s[j];
            }
            for (var r = 0; r < m; r++)
            {
                double sum = 0;
                for (var x = 0; x < l; x++) sum += q[r * l + x] * ub[x * l + j];
                u[r * k + j] = sum;
            }
        }
        return new SvdResult(s, vt, u);
    }

    /// <summary>A (m × n) · B (n × l), row-major; parallel over rows of A.</summary>
    private static double[] MultiplyAB(double[] a, int m, int n, double[] b, int l)
    {
        var c = new double[m * l];
        Parallel.For(0, m, r =>
        {
            var row = c.AsSpan(r * l, l);
            for (var i = 0; i < n; i++)
            {
                var x = a[r * n + i];
                if (x == 0) continue;
                var brow = b.AsSpan(i * l, l);
                for (var j = 0; j < l; j++) row[j] += x * brow[j];
            }
        });
        return c;
    }

    /// <summary>Aᵀ (n × m) · B (m × l), row-major; accumulated per block of A's rows, then summed in block order (deterministic).</summary>
    private static double[] MultiplyAtB(double[] a, int m, int n, double[] b, int l)
    {
        const int block = 1024;
        var blocks = (m + block - 1) / block;
        var partial = new double[blocks][];
        Parallel.For(0, blocks, blk =>
        {
            var c = new double[n * l];
            var end = Math.Min(m, (blk + 1) * block);
            for (var r = blk * block; r < end; r++)
            {
                var brow = b.AsSpan(r * l, l);
                for (var i = 0; i < n; i++)
                {
                    var x = a[r * n + i];
                    if (x == 0) continue;
                    var crow = c.AsSpan(i * l, l);
                    for (var j = 0; j < l; j++) crow[j] += x * brow[j];
                }
            }
            partial[blk] = c;
        });
        var result = partial.Length > 0 ? partial[0] : new double[n * l];
        for (var blk = 1; blk < blocks; blk++)
            for (var i = 0; i < result.Length; i++) result[i] += partial[blk][i];
        return result;
    }

    /// <summary>
    /// Orthonormalises the columns of a row-major rows × cols matrix in place by modified Gram-Schmidt applied twice
    /// ("twice is enough", Giraud et al. 2005). A column that vanishes (rank deficiency) is replaced by a fresh
    /// random direction orthogonal to the others, so Q always has orthonormal columns.
    /// </summary>
    internal static void Orthonormalize(double[] x, int rows, int cols, Random rng)
    {
        for (var j = 0; j < cols; j++)
        {
            for (var attempt = 0; attempt < 3; attempt++)
            {
                var before = Norm(x, rows, cols, j);
                for (var pass = 0; pass < 2; pass++)
                    for (var p = 0; p < j; p++)
                    {
                        double dot = 0;
                        for (var r = 0; r < rows; r++) dot += x[r * cols + p] * x[r * cols + j];
                        for (var r = 0; r < rows; r++) x[r * cols + j] -= dot * x[r * cols + p];
                    }
                var norm = Norm(x, rows, cols, j);
                if (norm > 1e-10 * Math.Max(before, 1e-300) && norm > 1e-300)
                {
                    for (var r = 0; r < rows; r++) x[r * cols + j] /= norm;
                    break;
                }
                for (var r = 0; r < rows; r++) x[r * cols + j] = Gaussian(rng);
            }
        }
    }

    private static double Norm(double[] x, int rows, int cols, int j)
    {
        double s = 0;
        for (var r = 0; r < rows; r++) s += x[r * cols + j] * x[r * cols + j];
        return Math.Sqrt(s);
    }

    /// <summary>Standard normal draw (Box-Muller).</summary>
    internal static double Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
