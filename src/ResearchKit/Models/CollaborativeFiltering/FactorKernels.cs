using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>
/// Short-vector kernels for factor models (f is typically 16–256): dot, axpy and a symmetric matrix–vector
/// product, written with Vector512/Vector256 FMA so they inline into the per-interaction loops without the
/// span-dispatch overhead of a general library call. No allocation.
/// </summary>
internal static class FactorKernels
{
    /// <summary>Σ a[i]·b[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var n = a.Length;
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var pb = ref MemoryMarshal.GetReference(b);
        var i = 0;
        float sum;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var acc0 = Vector512<float>.Zero; var acc1 = Vector512<float>.Zero;
            for (; i + 32 <= n; i += 32)
            {
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i), acc0);
                acc1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pa, (nuint)(i + 16)), Vector512.LoadUnsafe(ref pb, (nuint)(i + 16)), acc1);
            }
            for (; i + 16 <= n; i += 16)
                acc0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref pa, (nuint)i), Vector512.LoadUnsafe(ref pb, (nuint)i), acc0);
            sum = Vector512.Sum(acc0 + acc1);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc0 = Vector256<float>.Zero; var acc1 = Vector256<float>.Zero;
            for (; i + 16 <= n; i += 16)
            {
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pa, (nuint)(i + 8)), Vector256.LoadUnsafe(ref pb, (nuint)(i + 8)), acc1);
            }
            for (; i + 8 <= n; i += 8)
                acc0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref pa, (nuint)i), Vector256.LoadUnsafe(ref pb, (nuint)i), acc0);
            sum = Vector256.Sum(acc0 + acc1);
        }
        else sum = 0f;
        for (; i < n; i++) sum += Unsafe.Add(ref pa, i) * Unsafe.Add(ref pb, i);
        return sum;
    }

    /// <summary>y[i] += alpha·x[i].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        var n = x.Length;
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(alpha);
            for (; i + 16 <= n; i += 16)
                Vector512.FusedMultiplyAdd(va, Vector512.LoadUnsafe(ref px, (nuint)i), Vector512.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(alpha);
            for (; i + 8 <= n; i += 8)
                Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref px, (nuint)i), Vector256.LoadUnsafe(ref py, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref py, i) += alpha * Unsafe.Add(ref px, i);
    }

    /// <summary>
    /// y = A·x for a symmetric f×f row-major <paramref name="a"/>, computed as Σ_k x[k]·A[k,:] over column blocks of
    /// 64 held in four vector registers, so y is written once and every load of A is contiguous.
    /// </summary>
    public static void SymMatVec(ReadOnlySpan<float> a, ReadOnlySpan<float> x, Span<float> y)
    {
        var f = x.Length;
        ref var pa = ref MemoryMarshal.GetReference(a);
        ref var py = ref MemoryMarshal.GetReference(y);
        var j = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; j + 64 <= f; j += 64)
            {
                Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var k = 0; k < f; k++)
                {
                    var xk = Vector512.Create(x[k]);
                    var off = (nuint)((k * f) + j);
                    a0 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref pa, off), a0);
                    a1 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref pa, off + 16), a1);
                    a2 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref pa, off + 32), a2);
                    a3 = Vector512.FusedMultiplyAdd(xk, Vector512.LoadUnsafe(ref pa, off + 48), a3);
                }
                a0.StoreUnsafe(ref py, (nuint)j); a1.StoreUnsafe(ref py, (nuint)(j + 16));
                a2.StoreUnsafe(ref py, (nuint)(j + 32)); a3.StoreUnsafe(ref py, (nuint)(j + 48));
            }
            for (; j + 16 <= f; j += 16)
            {
                var acc = Vector512<float>.Zero;
                for (var k = 0; k < f; k++)
                    acc = Vector512.FusedMultiplyAdd(Vector512.Create(x[k]), Vector512.LoadUnsafe(ref pa, (nuint)((k * f) + j)), acc);
                acc.StoreUnsafe(ref py, (nuint)j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 32 <= f; j += 32)
            {
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var k = 0; k < f; k++)
                {
                    var xk = Vector256.Create(x[k]);
                    var off = (nuint)((k * f) + j);
                    a0 = Vector256.FusedMultiplyAdd(xk, Vector256.LoadUnsafe(ref pa, off), a0);
                    a1 = Vector256.FusedMultiplyAdd(xk, Vector256.LoadUnsafe(ref pa, off + 8), a1);
                    a2 = Vector256.FusedMultiplyAdd(xk, Vector256.LoadUnsafe(ref pa, off + 16), a2);
                    a3 = Vector256.FusedMultiplyAdd(xk, Vector256.LoadUnsafe(ref pa, off + 24), a3);
                }
                a0.StoreUnsafe(ref py, (nuint)j); a1.StoreUnsafe(ref py, (nuint)(j + 8));
                a2.StoreUnsafe(ref py, (nuint)(j + 16)); a3.StoreUnsafe(ref py, (nuint)(j + 24));
            }
        }
        for (; j < f; j++)
        {
            var s = 0f;
            for (var k = 0; k < f; k++) s += x[k] * a[(k * f) + j];
            y[j] = s;
        }
    }

    /// <summary>
    /// Gram matrix G = Σ_r v_r v_rᵀ of the rows of <paramref name="rows"/> (count × f, row-major), plus
    /// <paramref name="ridge"/> on the diagonal, via <see cref="Numerics.Blas.Gram"/> (thread-count independent).
    /// </summary>
    public static float[] Gram(float[] rows, int f, float ridge)
    {
        var g = new float[f * f];
        Numerics.Blas.Gram(rows.Length / f, f, rows, f, g, f);
        for (var k = 0; k < f; k++) g[(k * f) + k] += ridge;
        return g;
    }

    /// <summary>Throws when <paramref name="values"/> holds NaN or ±∞, naming the model, what diverged and the iteration.</summary>
    public static void EnsureFinite(string model, string what, int iteration, ReadOnlySpan<float> values)
    {
        // A sum is non-finite iff some entry is non-finite or the entries overflow, both signs of divergence.
        if (!float.IsFinite(System.Numerics.Tensors.TensorPrimitives.Sum(values)))
            throw new ArithmeticException($"{model}: {what} diverged (NaN or infinity) at iteration {iteration}; lower the learning rate or raise the regularisation.");
    }
}
