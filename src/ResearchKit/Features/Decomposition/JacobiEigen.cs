namespace ResearchKit.Features.Decomposition;

/// <summary>
/// Eigendecomposition of a real symmetric matrix by the cyclic Jacobi method (Jacobi 1846; Golub &amp; Van Loan,
/// Matrix Computations, 4th ed., §8.5): plane rotations zero the off-diagonal entries one at a time until their
/// Frobenius norm is below 1e-15 of the matrix norm. Quadratically convergent and accurate to working precision,
/// so it serves as the exact reference for <see cref="RandomizedSvd"/> and as the small dense eigen solver inside it.
/// O(n³) per sweep: meant for n up to a few hundred.
/// </summary>
public static class JacobiEigen
{
    /// <summary>
    /// Decomposes the symmetric row-major n × n <paramref name="matrix"/> (only read, not changed).
    /// Returns eigenvalues in descending order and the eigenvectors as the columns of a row-major n × n matrix
    /// (column j belongs to value j), each with unit length.
    /// </summary>
    public static (double[] Values, double[] Vectors) Decompose(ReadOnlySpan<double> matrix, int n, int maxSweeps = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (matrix.Length != n * n) throw new ArgumentException($"matrix has {matrix.Length} values; expected n² = {n * n}.", nameof(matrix));
        var a = matrix.ToArray();
        for (var i = 0; i < n; i++)
            for (var j = i + 1; j < n; j++)
                if (Math.Abs(a[i * n + j] - a[j * n + i]) > 1e-9 * (Math.Abs(a[i * n + j]) + Math.Abs(a[j * n + i]) + 1e-300))
                    throw new ArgumentException($"matrix is not symmetric at ({i},{j}).", nameof(matrix));
        var v = new double[n * n];
        for (var i = 0; i < n; i++) v[i * n + i] = 1;

        double total = 0;
        foreach (var x in a) total += x * x;
        var tolerance = 1e-30 * Math.Max(total, double.Epsilon);
        for (var sweep = 0; sweep < maxSweeps; sweep++)
        {
            double off = 0;
            for (var i = 0; i < n; i++) for (var j = i + 1; j < n; j++) off += a[i * n + j] * a[i * n + j];
            if (off <= tolerance) break;
            for (var p = 0; p < n; p++)
                for (var q = p + 1; q < n; q++)
                    Rotate(a, v, n, p, q);
        }

        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (x, y) => a[y * n + y].CompareTo(a[x * n + x]));
        var values = new double[n];
        var vectors = new double[n * n];
        for (var j = 0; j < n; j++)
        {
            values[j] = a[order[j] * n + order[j]];
            for (var i = 0; i < n; i++) vectors[i * n + j] = v[i * n + order[j]];
        }
        return (values, vectors);
    }

    /// <summary>One rotation in the (p, q) plane that zeroes a[p,q] (the stable formulas of Golub &amp; Van Loan, Alg. 8.5.1).</summary>
    private static void Rotate(double[] a, double[] v, int n, int p, int q)
    {
        var apq = a[p * n + q];
        if (apq == 0) return;
        var theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        var t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        var c = 1 / Math.Sqrt(t * t + 1);
        var s = t * c;
        for (var k = 0; k < n; k++)
        {
            // A ← Jᵀ A J: columns p, q then rows p, q.
            double akp = a[k * n + p], akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (var k = 0; k < n; k++)
        {
            double apk = a[p * n + k], aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
        for (var k = 0; k < n; k++)
        {
            double vkp = v[k * n + p], vkq = v[k * n + q];
            v[k * n + p] = c * vkp - s * vkq;
            v[k * n + q] = s * vkp + c * vkq;
        }
    }
}
