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
    /// y = A·x for a symmetric f×f row-major <paramref name="a"/>, computed as Σ_k x[k]·A[k,:] so the
    /// accumulator stays in L1 and every load is contiguous.
    /// </summary>
    public static void SymMatVec(ReadOnlySpan<float> a, ReadOnlySpan<float> x, Span<float> y)
    {
        var f = x.Length;
        y.Clear();
        for (var k = 0; k < f; k++) Axpy(x[k], a.Slice(k * f, f), y);
    }

    /// <summary>
    /// Gram matrix G = Σ_r v_r v_rᵀ of the rows of <paramref name="rows"/> (count × f, row-major), plus
    /// <paramref name="ridge"/> on the diagonal. Parallel over row blocks with per-block partial sums reduced in a fixed
    /// order, so the result does not depend on scheduling.
    /// </summary>
    public static float[] Gram(float[] rows, int f, float ridge, int threads)
    {
        var count = rows.Length / f;
        var blocks = Math.Max(1, Math.Min(threads * 4, count / 256));
        var partial = new double[blocks][];
        var arr = rows;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = threads }, b =>
        {
            var lo = (int)((long)count * b / blocks); var hi = (int)((long)count * (b + 1) / blocks);
            var acc = new float[f * f];
            for (var r = lo; r < hi; r++)
            {
                var v = arr.AsSpan(r * f, f);
                for (var k = 0; k < f; k++) Axpy(v[k], v, acc.AsSpan(k * f, f));
            }
            var d = new double[f * f];
            for (var i = 0; i < d.Length; i++) d[i] = acc[i];
            partial[b] = d;
        });
        var g = new float[f * f];
        var sum = new double[f * f];
        foreach (var p in partial) for (var i = 0; i < sum.Length; i++) sum[i] += p[i];
        for (var i = 0; i < g.Length; i++) g[i] = (float)sum[i];
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
