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
    /// <paramref name="scratch"/> holds at least 3f + 2·|I_u| floats.
    /// </summary>
    public static void ConjugateGradient(ReadOnlySpan<float> gram, ReadOnlySpan<float> other, ReadOnlySpan<int> indices,
        ReadOnlySpan<float> confidence, Span<float> x, int steps, Span<float> scratch)
    {
        var f = x.Length;
        var r = scratch[..f]; var p = scratch.Slice(f, f); var ap = scratch.Slice(2 * f, f);
        var n = indices.Length;
        // Per observed item: c − 1 (the rank-one weights) and the coefficients of the current product.
        var weight = scratch.Slice(3 * f, n); var coeff = scratch.Slice((3 * f) + n, n);
        for (var k = 0; k < n; k++) weight[k] = confidence[k] - 1f;
        // r = b − A·x = Σ c_k y_k − YᵀY x − Σ (c_k − 1)(y_k·x) y_k
        FactorKernels.SymMatVec(gram, x, r);
        System.Numerics.Tensors.TensorPrimitives.Negate(r, r);
        FactorKernels.RowDots(other, indices, weight, x, coeff);
        System.Numerics.Tensors.TensorPrimitives.Subtract(confidence, coeff, coeff);
        FactorKernels.AccumulateRows(other, indices, coeff, r);
        r.CopyTo(p);
        var rsOld = FactorKernels.Dot(r, r);
        if (rsOld < 1e-20f) return;
        for (var step = 0; step < steps; step++)
        {
            FactorKernels.SymMatVec(gram, p, ap);
            FactorKernels.RowDots(other, indices, weight, p, coeff);
            FactorKernels.AccumulateRows(other, indices, coeff, ap);
            var pap = FactorKernels.Dot(p, ap);
            if (pap <= 0) return; // converged to round-off: keep x (a NaN falls through so divergence is reported)
            var alpha = rsOld / pap;
            FactorKernels.Axpy(alpha, p, x);
            FactorKernels.Axpy(-alpha, ap, r);
            var rsNew = FactorKernels.Dot(r, r);
            if (rsNew < 1e-20f) return;
            var beta = rsNew / rsOld;
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(p, beta, r, p); // p = β·p + r
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
