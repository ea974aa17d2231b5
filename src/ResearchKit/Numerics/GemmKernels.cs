using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ResearchKit.Numerics;

/// <summary>
/// Packing routines and register-tiled micro-kernels behind <see cref="Blas.Sgemm"/> (GotoBLAS/BLIS layout).
/// A block of op(A) is packed into MR-row strips (for each k: MR values), a panel of op(B) into NR-column strips
/// (for each k: NR values), so the micro-kernel reads both with unit stride and keeps an MR×NR tile of C in registers.
/// </summary>
internal static unsafe class GemmKernels
{
    /// <summary>Rows of the register tile.</summary>
    public const int MR = 6;

    /// <summary>Columns of the register tile: two vectors of the widest accelerated width (32 for AVX-512, 16 otherwise).</summary>
    public static readonly int NR = Vector512.IsHardwareAccelerated ? 32 : 16;

    /// <summary>
    /// Packs rows [i0, i0+mc) × depth [p0, p0+kc) of op(A), scaled by alpha, into <paramref name="dst"/>
    /// as ceil(mc/MR) strips of kc×MR values (rows past mc are zero).
    /// </summary>
    public static void PackA(bool transA, float* a, int lda, int i0, int mc, int p0, int kc, float alpha, float* dst)
    {
        for (var ir = 0; ir < mc; ir += MR)
        {
            var rows = Math.Min(MR, mc - ir);
            var strip = dst + (long)ir * kc;
            if (!transA)
            {
                for (var r = 0; r < MR; r++)
                {
                    if (r >= rows) { for (var p = 0; p < kc; p++) strip[p * MR + r] = 0f; continue; }
                    var src = a + (long)(i0 + ir + r) * lda + p0;
                    for (var p = 0; p < kc; p++) strip[p * MR + r] = alpha * src[p];
                }
            }
            else
            {
                // op(A)(i, p) = A[p, i]: each k step reads `rows` contiguous values.
                for (var p = 0; p < kc; p++)
                {
                    var src = a + (long)(p0 + p) * lda + i0 + ir;
                    var d = strip + p * MR;
                    var r = 0;
                    for (; r < rows; r++) d[r] = alpha * src[r];
                    for (; r < MR; r++) d[r] = 0f;
                }
            }
        }
    }

    /// <summary>
    /// Packs depth [p0, p0+kc) × columns [j0, j0+nc) of op(B) into ceil(nc/NR) strips of kc×NR values
    /// (columns past nc are zero).
    /// </summary>
    public static void PackB(bool transB, float* b, int ldb, int p0, int kc, int j0, int nc, float* dst)
    {
        var nr = NR;
        for (var jr = 0; jr < nc; jr += nr)
        {
            var cols = Math.Min(nr, nc - jr);
            var strip = dst + (long)jr * kc;
            if (!transB)
            {
                for (var p = 0; p < kc; p++)
                {
                    var src = b + (long)(p0 + p) * ldb + j0 + jr;
                    var d = strip + p * nr;
                    if (cols == nr) { new ReadOnlySpan<float>(src, nr).CopyTo(new Span<float>(d, nr)); continue; }
                    var c = 0;
                    for (; c < cols; c++) d[c] = src[c];
                    for (; c < nr; c++) d[c] = 0f;
                }
            }
            else
            {
                // op(B)(p, j) = B[j, p]: read each stored row once, scatter with stride NR.
                for (var c = 0; c < nr; c++)
                {
                    if (c >= cols) { for (var p = 0; p < kc; p++) strip[p * nr + c] = 0f; continue; }
                    var src = b + (long)(j0 + jr + c) * ldb + p0;
                    for (var p = 0; p < kc; p++) strip[p * nr + c] = src[p];
                }
            }
        }
    }

    /// <summary>
    /// C[0..rows, 0..cols] += Ã·B̃ for one packed A strip (kc×MR) and one packed B strip (kc×NR).
    /// With <paramref name="add"/> false the tile overwrites C. Full tiles update C in place; edge tiles go through a small stack buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MicroKernel(int kc, float* ap, float* bp, float* c, int ldc, int rows, int cols, bool add)
    {
        var nr = NR;
        if (rows == MR && cols == nr)
        {
            if (nr == 32) Kernel6x32(kc, ap, bp, c, ldc, add);
            else Kernel6x16(kc, ap, bp, c, ldc, add);
            return;
        }
        var tile = stackalloc float[MR * 32];
        if (nr == 32) Kernel6x32(kc, ap, bp, tile, nr, add: false);
        else Kernel6x16(kc, ap, bp, tile, nr, add: false);
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < cols; j++)
            {
                ref var dst = ref c[(long)r * ldc + j];
                dst = add ? dst + tile[r * nr + j] : tile[r * nr + j];
            }
    }

    /// <summary>Whether <see cref="MicroKernelDirect"/> is available (the AVX-512 path).</summary>
    public static bool CanReadADirectly => NR == 32;

    /// <summary>
    /// Like <see cref="MicroKernel"/> but reads op(A) in place: element (r, p) of the strip is at
    /// <c>a + r·rowStride + p·kStride</c>; each A value is scaled by α before its FMA exactly as <see cref="PackA"/> does,
    /// so both paths give bit-identical results. Rows past <paramref name="rows"/> re-read row 0 (valid memory) and are discarded.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MicroKernelDirect(int kc, float* a, long rowStride, long kStride, float alpha, float* bp, float* c, int ldc, int rows, int cols, bool add)
    {
        float* a0 = a, a1 = rows > 1 ? a + rowStride : a, a2 = rows > 2 ? a + 2 * rowStride : a;
        float* a3 = rows > 3 ? a + 3 * rowStride : a, a4 = rows > 4 ? a + 4 * rowStride : a, a5 = rows > 5 ? a + 5 * rowStride : a;
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (long p = 0, at = 0; p < kc; p++, at += kStride)
        {
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 16);
            var v = Vector512.Create(alpha * a0[at]);
            c00 = Vector512.FusedMultiplyAdd(v, b0, c00); c01 = Vector512.FusedMultiplyAdd(v, b1, c01);
            v = Vector512.Create(alpha * a1[at]);
            c10 = Vector512.FusedMultiplyAdd(v, b0, c10); c11 = Vector512.FusedMultiplyAdd(v, b1, c11);
            v = Vector512.Create(alpha * a2[at]);
            c20 = Vector512.FusedMultiplyAdd(v, b0, c20); c21 = Vector512.FusedMultiplyAdd(v, b1, c21);
            v = Vector512.Create(alpha * a3[at]);
            c30 = Vector512.FusedMultiplyAdd(v, b0, c30); c31 = Vector512.FusedMultiplyAdd(v, b1, c31);
            v = Vector512.Create(alpha * a4[at]);
            c40 = Vector512.FusedMultiplyAdd(v, b0, c40); c41 = Vector512.FusedMultiplyAdd(v, b1, c41);
            v = Vector512.Create(alpha * a5[at]);
            c50 = Vector512.FusedMultiplyAdd(v, b0, c50); c51 = Vector512.FusedMultiplyAdd(v, b1, c51);
            bp += 32;
        }
        if (rows == MR && cols == 32)
        {
            Store2(c, c00, c01, add); Store2(c + ldc, c10, c11, add); Store2(c + 2L * ldc, c20, c21, add);
            Store2(c + 3L * ldc, c30, c31, add); Store2(c + 4L * ldc, c40, c41, add); Store2(c + 5L * ldc, c50, c51, add);
            return;
        }
        var tile = stackalloc float[MR * 32];
        Store2(tile, c00, c01, false); Store2(tile + 32, c10, c11, false); Store2(tile + 64, c20, c21, false);
        Store2(tile + 96, c30, c31, false); Store2(tile + 128, c40, c41, false); Store2(tile + 160, c50, c51, false);
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < cols; j++)
            {
                ref var dst = ref c[(long)r * ldc + j];
                dst = add ? dst + tile[r * 32 + j] : tile[r * 32 + j];
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x32(int kc, float* ap, float* bp, float* c, int ldc, bool add)
    {
        // 12 accumulators + 2 B vectors + 1 broadcast = 15 of the 32 zmm registers.
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector512<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 16);
            var a = Vector512.Create(ap[0]);
            c00 = Vector512.FusedMultiplyAdd(a, b0, c00); c01 = Vector512.FusedMultiplyAdd(a, b1, c01);
            a = Vector512.Create(ap[1]);
            c10 = Vector512.FusedMultiplyAdd(a, b0, c10); c11 = Vector512.FusedMultiplyAdd(a, b1, c11);
            a = Vector512.Create(ap[2]);
            c20 = Vector512.FusedMultiplyAdd(a, b0, c20); c21 = Vector512.FusedMultiplyAdd(a, b1, c21);
            a = Vector512.Create(ap[3]);
            c30 = Vector512.FusedMultiplyAdd(a, b0, c30); c31 = Vector512.FusedMultiplyAdd(a, b1, c31);
            a = Vector512.Create(ap[4]);
            c40 = Vector512.FusedMultiplyAdd(a, b0, c40); c41 = Vector512.FusedMultiplyAdd(a, b1, c41);
            a = Vector512.Create(ap[5]);
            c50 = Vector512.FusedMultiplyAdd(a, b0, c50); c51 = Vector512.FusedMultiplyAdd(a, b1, c51);
            ap += MR; bp += 32;
        }
        Store2(c, c00, c01, add); Store2(c + ldc, c10, c11, add); Store2(c + 2L * ldc, c20, c21, add);
        Store2(c + 3L * ldc, c30, c31, add); Store2(c + 4L * ldc, c40, c41, add); Store2(c + 5L * ldc, c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(float* c, Vector512<float> v0, Vector512<float> v1, bool add)
    {
        if (add) { v0 += Vector512.Load(c); v1 += Vector512.Load(c + 16); }
        v0.Store(c);
        v1.Store(c + 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel6x16(int kc, float* ap, float* bp, float* c, int ldc, bool add)
    {
        // Vector256 (AVX2 FMA; emulated where not accelerated, so still correct everywhere).
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (var p = 0; p < kc; p++)
        {
            var b0 = Vector256.Load(bp);
            var b1 = Vector256.Load(bp + 8);
            var a = Vector256.Create(ap[0]);
            c00 = Vector256.FusedMultiplyAdd(a, b0, c00); c01 = Vector256.FusedMultiplyAdd(a, b1, c01);
            a = Vector256.Create(ap[1]);
            c10 = Vector256.FusedMultiplyAdd(a, b0, c10); c11 = Vector256.FusedMultiplyAdd(a, b1, c11);
            a = Vector256.Create(ap[2]);
            c20 = Vector256.FusedMultiplyAdd(a, b0, c20); c21 = Vector256.FusedMultiplyAdd(a, b1, c21);
            a = Vector256.Create(ap[3]);
            c30 = Vector256.FusedMultiplyAdd(a, b0, c30); c31 = Vector256.FusedMultiplyAdd(a, b1, c31);
            a = Vector256.Create(ap[4]);
            c40 = Vector256.FusedMultiplyAdd(a, b0, c40); c41 = Vector256.FusedMultiplyAdd(a, b1, c41);
            a = Vector256.Create(ap[5]);
            c50 = Vector256.FusedMultiplyAdd(a, b0, c50); c51 = Vector256.FusedMultiplyAdd(a, b1, c51);
            ap += MR; bp += 16;
        }
        Store2(c, c00, c01, add); Store2(c + ldc, c10, c11, add); Store2(c + 2L * ldc, c20, c21, add);
        Store2(c + 3L * ldc, c30, c31, add); Store2(c + 4L * ldc, c40, c41, add); Store2(c + 5L * ldc, c50, c51, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store2(float* c, Vector256<float> v0, Vector256<float> v1, bool add)
    {
        if (add) { v0 += Vector256.Load(c); v1 += Vector256.Load(c + 8); }
        v0.Store(c);
        v1.Store(c + 8);
    }
}
