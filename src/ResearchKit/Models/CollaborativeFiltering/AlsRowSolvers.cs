namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>
/// The per-row least-squares problem of implicit ALS (Hu, Koren &amp; Volinsky 2008): for a user with observed items
/// I_u and confidences c_ui = 1 + α·r_ui, minimise
/// <c>Σ_i c_ui (p_ui − x·y_i)² + λ|x|²</c> over all items (p = 1 on I_u, 0 elsewhere), i.e. solve
/// <c>(YᵀY + λI + Σ_{i∈I_u} (c_ui − 1) y_i y_iᵀ) x = Σ_{i∈I_u} c_ui y_i</c>.
/// YᵀY + λI is shared by all rows, so each row costs O(f²) for the shared part plus O(f·|I_u|).
/// </summary>
internal static class AlsRowSolvers
{
    /// <summary>
    /// Conjugate-gradient steps from the current <paramref name="x"/> (Takács, Pilászy &amp; Tikk 2011, as in implicit):
    /// the matrix is never formed; each step costs one f×f product and 2 dots per observed item.
    /// <paramref name="scratch"/> holds at least 3f floats.
    /// </summary>
    public static void ConjugateGradient(ReadOnlySpan<float> gram, ReadOnlySpan<float> other, ReadOnlySpan<int> indices,
        ReadOnlySpan<float> confidence, Span<float> x, int steps, Span<float> scratch)
    {
        var f = x.Length;
        var r = scratch[..f]; var p = scratch.Slice(f, f); var ap = scratch.Slice(2 * f, f);
        // r = b − A·x
        FactorKernels.SymMatVec(gram, x, r);
        System.Numerics.Tensors.TensorPrimitives.Negate(r, r);
        for (var k = 0; k < indices.Length; k++)
        {
            var y = other.Slice(indices[k] * f, f);
            var c = confidence[k];
            FactorKernels.Axpy(c - ((c - 1f) * FactorKernels.Dot(y, x)), y, r);
        }
        r.CopyTo(p);
        var rsOld = FactorKernels.Dot(r, r);
        if (rsOld < 1e-20f) return;
        for (var step = 0; step < steps; step++)
        {
            FactorKernels.SymMatVec(gram, p, ap);
            for (var k = 0; k < indices.Length; k++)
            {
                var y = other.Slice(indices[k] * f, f);
                FactorKernels.Axpy((confidence[k] - 1f) * FactorKernels.Dot(y, p), y, ap);
            }
            var pap = FactorKernels.Dot(p, ap);
            if (pap <= 0) return; // converged to round-off: keep x (a NaN falls through so divergence is reported)
            var alpha = rsOld / pap;
            FactorKernels.Axpy(alpha, p, x);
            FactorKernels.Axpy(-alpha, ap, r);
            var rsNew = FactorKernels.Dot(r, r);
            if (rsNew < 1e-20f) return;
            var beta = rsNew / rsOld;
            // p = r + β p
            for (var i = 0; i < f; i++) p[i] = r[i] + (beta * p[i]);
            rsOld = rsNew;
        }
    }

    /// <summary>
    /// The exact solve: forms the f×f matrix in double and factors it with Cholesky. O(f³ + f²·|I_u|) per row;
    /// used for the <c>Cholesky</c> solver option, for fold-in of new users and as the reference in tests.
    /// <paramref name="scratch"/> holds at least f² + f doubles (the matrix first).
    /// </summary>
    public static void Exact(ReadOnlySpan<float> gram, ReadOnlySpan<float> other, ReadOnlySpan<int> indices,
        ReadOnlySpan<float> confidence, Span<float> x, double[] scratch)
    {
        var f = x.Length;
        var a = scratch.AsSpan(0, f * f); var b = scratch.AsSpan(f * f, f);
        for (var i = 0; i < a.Length; i++) a[i] = gram[i];
        b.Clear();
        for (var k = 0; k < indices.Length; k++)
        {
            var y = other.Slice(indices[k] * f, f);
            double c = confidence[k];
            for (var i = 0; i < f; i++)
            {
                var w = (c - 1) * y[i];
                var row = a.Slice(i * f, f);
                for (var j = 0; j <= i; j++) row[j] += w * y[j];
                b[i] += c * y[i];
            }
        }
        for (var i = 0; i < f; i++)
            for (var j = i + 1; j < f; j++) a[(i * f) + j] = a[(j * f) + i];
        DenseCholesky.Factor(scratch, f);
        DenseCholesky.Solve(scratch, f, b);
        for (var i = 0; i < f; i++) x[i] = (float)b[i];
    }
}
