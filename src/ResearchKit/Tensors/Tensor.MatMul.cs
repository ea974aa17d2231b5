using System.Numerics.Tensors;
using ResearchKit.Numerics;

namespace ResearchKit.Tensors;

public sealed partial class Tensor
{
    /// <summary>
    /// Matrix product of 2-D tensors: op(a)·op(b) with op = transpose when the flag is set
    /// (a: [m, k] or [k, m]; b: [k, n] or [n, k]; result [m, n]), scaled by <paramref name="alpha"/>
    /// (folded into the GEMM, e.g. a softmax temperature). Runs on <see cref="Blas.Sgemm"/>.
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transposeA = false, bool transposeB = false, float alpha = 1f)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Rank != 2 || b.Rank != 2) throw new ArgumentException($"MatMul needs 2-D tensors, got [{string.Join(", ", a.Shape)}] and [{string.Join(", ", b.Shape)}].");
        var (m, k) = transposeA ? (a.Shape[1], a.Shape[0]) : (a.Shape[0], a.Shape[1]);
        var (k2, n) = transposeB ? (b.Shape[1], b.Shape[0]) : (b.Shape[0], b.Shape[1]);
        if (k != k2) throw new ArgumentException($"MatMul: inner dimensions differ ({k} vs {k2}) for [{string.Join(", ", a.Shape)}]{(transposeA ? "ᵀ" : "")} · [{string.Join(", ", b.Shape)}]{(transposeB ? "ᵀ" : "")}.");
        var y = Allocate(m * n);                                                                   // y: [m, n]
        Blas.Sgemm(transposeA, transposeB, m, n, k, alpha, a.Data, a.Shape[1], b.Data, b.Shape[1], 0f, y, n);
        return FromOp("matmul", y, [m, n], [a, b], o =>
        {
            var g = o.Grad!;                                                                        // dY: [m, n]
            // Y = α·A·B:  dA = α·dY·Bᵀ, dB = α·Aᵀ·dY  (with the transposes folded into the GEMM flags)
            if (a.RequiresGrad)
            {
                if (!transposeA) Blas.Sgemm(false, !transposeB, m, k, n, alpha, g, n, b.Data, b.Shape[1], 1f, a.GradSpan, k);   // dA [m,k]
                else Blas.Sgemm(transposeB, true, k, m, n, alpha, b.Data, b.Shape[1], g, n, 1f, a.GradSpan, m);                  // dAᵀ [k,m] = op(B)ᵀ... = B·dYᵀ
            }
            if (b.RequiresGrad)
            {
                if (!transposeB) Blas.Sgemm(!transposeA, false, k, n, m, alpha, a.Data, a.Shape[1], g, n, 1f, b.GradSpan, n);   // dB [k,n]
                else Blas.Sgemm(true, transposeA, n, k, m, alpha, g, n, a.Data, a.Shape[1], 1f, b.GradSpan, k);                  // dBᵀ [n,k] = dYᵀ·op(A)
            }
        });
    }

    /// <summary>
    /// Affine map x·Wᵀ + bias (PyTorch's <c>nn.functional.linear</c>): x [n, in], weight [out, in], bias [out] or null.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(weight);
        if (x.Rank != 2 || weight.Rank != 2 || x.Shape[1] != weight.Shape[1])
            throw new ArgumentException($"Linear: x [{string.Join(", ", x.Shape)}] does not match weight [{string.Join(", ", weight.Shape)}] (expected x [n, {(weight.Rank == 2 ? weight.Shape[1] : -1)}]).");
        int n = x.Shape[0], inDim = x.Shape[1], outDim = weight.Shape[0];
        if (bias is not null && bias.Length != outDim) throw new ArgumentException($"Linear: bias has {bias.Length} values, expected {outDim}.");
        var y = Allocate(n * outDim);                                                              // y: [n, out]
        if (bias is not null) for (var i = 0; i < n; i++) bias.Data.CopyTo(y, i * outDim);
        Blas.Sgemm(false, true, n, outDim, inDim, 1f, x.Data, inDim, weight.Data, inDim, bias is null ? 0f : 1f, y, outDim);
        Tensor[] parents = bias is null ? [x, weight] : [x, weight, bias];
        return FromOp("linear", y, [n, outDim], parents, o =>
        {
            var g = o.Grad!;                                                                        // dY: [n, out]
            if (x.RequiresGrad) Blas.Sgemm(false, false, n, inDim, outDim, 1f, g, outDim, weight.Data, inDim, 1f, x.GradSpan, inDim);       // dX = dY·W
            if (weight.RequiresGrad) Blas.Sgemm(true, false, outDim, inDim, n, 1f, g, outDim, x.Data, inDim, 1f, weight.GradSpan, inDim); // dW = dYᵀ·X
            if (bias is { RequiresGrad: true })
            {
                var gb = bias.GradSpan;
                for (var i = 0; i < n; i++) TensorPrimitives.Add(gb, g.AsSpan(i * outDim, outDim), gb);                                 // db = Σ_rows dY
            }
        });
    }
}
