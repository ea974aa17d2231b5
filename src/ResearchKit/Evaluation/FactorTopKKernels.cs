using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ResearchKit.Evaluation;

// The register-tiled micro-kernels of FactorTopK: 6 users × 2 vectors of items (12 accumulators), once per vector
// width. Each tile starts from the panel's bias row, accumulates f rank-1 updates with FMAs, and is compared with the
// six thresholds. The scan returns at the first tile with a lane above its threshold (rare after the first panels),
// with the tile stored; the caller offers it to the heaps and resumes. The kernels make no calls: a call inside the
// loop's method makes the JIT spill every accumulator on each k step (no vector register survives a call).
internal sealed partial class FactorTopK
{
    /// <summary>
    /// First panel in [p0, p1) with a score above its user's threshold (its 6 × 32 tile written to <paramref name="tile"/>),
    /// or p1. With <paramref name="storeAll"/> every panel's tile is stored and returned (AUC counts need all scores), and
    /// <paramref name="hit"/> says whether it has a candidate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Scan512(float* u, int f, float* panels, int stride, int p0, int p1, float* thresholds, float* tile, bool storeAll, int* hit)
    {
        float* u0 = u, u1 = u + f, u2 = u + (2 * f), u3 = u + (3 * f), u4 = u + (4 * f), u5 = u + (5 * f);
        var t0 = Vector512.Create(thresholds[0]); var t1 = Vector512.Create(thresholds[1]); var t2 = Vector512.Create(thresholds[2]);
        var t3 = Vector512.Create(thresholds[3]); var t4 = Vector512.Create(thresholds[4]); var t5 = Vector512.Create(thresholds[5]);
        for (var p = p0; p < p1; p++)
        {
            var b = panels + ((long)p * stride);
            var c00 = Vector512.Load(b); var c01 = Vector512.Load(b + 16);  // [2 × 16] bias row
            Vector512<float> c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01, c40 = c00, c41 = c01, c50 = c00, c51 = c01;
            b += 32;
            for (var k = 0; k < f; k++, b += 32)
            {
                var y0 = Vector512.Load(b); var y1 = Vector512.Load(b + 16); // items 32p … 32p+31 at depth k
                var a = Vector512.Create(u0[k]); c00 = Vector512.FusedMultiplyAdd(a, y0, c00); c01 = Vector512.FusedMultiplyAdd(a, y1, c01);
                a = Vector512.Create(u1[k]); c10 = Vector512.FusedMultiplyAdd(a, y0, c10); c11 = Vector512.FusedMultiplyAdd(a, y1, c11);
                a = Vector512.Create(u2[k]); c20 = Vector512.FusedMultiplyAdd(a, y0, c20); c21 = Vector512.FusedMultiplyAdd(a, y1, c21);
                a = Vector512.Create(u3[k]); c30 = Vector512.FusedMultiplyAdd(a, y0, c30); c31 = Vector512.FusedMultiplyAdd(a, y1, c31);
                a = Vector512.Create(u4[k]); c40 = Vector512.FusedMultiplyAdd(a, y0, c40); c41 = Vector512.FusedMultiplyAdd(a, y1, c41);
                a = Vector512.Create(u5[k]); c50 = Vector512.FusedMultiplyAdd(a, y0, c50); c51 = Vector512.FusedMultiplyAdd(a, y1, c51);
            }
            var above = Vector512.GreaterThan(c00, t0) | Vector512.GreaterThan(c01, t0) | Vector512.GreaterThan(c10, t1)
                | Vector512.GreaterThan(c11, t1) | Vector512.GreaterThan(c20, t2) | Vector512.GreaterThan(c21, t2)
                | Vector512.GreaterThan(c30, t3) | Vector512.GreaterThan(c31, t3) | Vector512.GreaterThan(c40, t4)
                | Vector512.GreaterThan(c41, t4) | Vector512.GreaterThan(c50, t5) | Vector512.GreaterThan(c51, t5);
            var any = above != Vector512<float>.Zero;
            if (!storeAll && !any) continue;
            *hit = any ? 1 : 0;
            c00.Store(tile); c01.Store(tile + 16); c10.Store(tile + 32); c11.Store(tile + 48);
            c20.Store(tile + 64); c21.Store(tile + 80); c30.Store(tile + 96); c31.Store(tile + 112);
            c40.Store(tile + 128); c41.Store(tile + 144); c50.Store(tile + 160); c51.Store(tile + 176);
            return p;
        }
        return p1;
    }

    /// <summary>The 256-bit version of <see cref="Scan512"/>: panels of 16 items, a 6 × 16 tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Scan256(float* u, int f, float* panels, int stride, int p0, int p1, float* thresholds, float* tile, bool storeAll, int* hit)
    {
        float* u0 = u, u1 = u + f, u2 = u + (2 * f), u3 = u + (3 * f), u4 = u + (4 * f), u5 = u + (5 * f);
        for (var p = p0; p < p1; p++)
        {
            var b = panels + ((long)p * stride);
            var c00 = Vector256.Load(b); var c01 = Vector256.Load(b + 8);  // [2 × 8] bias row
            Vector256<float> c10 = c00, c11 = c01, c20 = c00, c21 = c01, c30 = c00, c31 = c01, c40 = c00, c41 = c01, c50 = c00, c51 = c01;
            b += 16;
            for (var k = 0; k < f; k++, b += 16)
            {
                var y0 = Vector256.Load(b); var y1 = Vector256.Load(b + 8); // items 16p … 16p+15 at depth k
                var a = Vector256.Create(u0[k]); c00 = Vector256.FusedMultiplyAdd(a, y0, c00); c01 = Vector256.FusedMultiplyAdd(a, y1, c01);
                a = Vector256.Create(u1[k]); c10 = Vector256.FusedMultiplyAdd(a, y0, c10); c11 = Vector256.FusedMultiplyAdd(a, y1, c11);
                a = Vector256.Create(u2[k]); c20 = Vector256.FusedMultiplyAdd(a, y0, c20); c21 = Vector256.FusedMultiplyAdd(a, y1, c21);
                a = Vector256.Create(u3[k]); c30 = Vector256.FusedMultiplyAdd(a, y0, c30); c31 = Vector256.FusedMultiplyAdd(a, y1, c31);
                a = Vector256.Create(u4[k]); c40 = Vector256.FusedMultiplyAdd(a, y0, c40); c41 = Vector256.FusedMultiplyAdd(a, y1, c41);
                a = Vector256.Create(u5[k]); c50 = Vector256.FusedMultiplyAdd(a, y0, c50); c51 = Vector256.FusedMultiplyAdd(a, y1, c51);
            }
            // 16 registers hold the tile and its operands, so the thresholds are broadcast from memory here.
            var above = Above256(c00, c01, thresholds[0]) | Above256(c10, c11, thresholds[1]) | Above256(c20, c21, thresholds[2])
                | Above256(c30, c31, thresholds[3]) | Above256(c40, c41, thresholds[4]) | Above256(c50, c51, thresholds[5]);
            var any = above != Vector256<float>.Zero;
            if (!storeAll && !any) continue;
            *hit = any ? 1 : 0;
            c00.Store(tile); c01.Store(tile + 8); c10.Store(tile + 16); c11.Store(tile + 24);
            c20.Store(tile + 32); c21.Store(tile + 40); c30.Store(tile + 48); c31.Store(tile + 56);
            c40.Store(tile + 64); c41.Store(tile + 72); c50.Store(tile + 80); c51.Store(tile + 88);
            return p;
        }
        return p1;
    }

    // Not Max(lo, hi) > t: Max may propagate a NaN lane and hide a candidate in the other vector.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Above256(Vector256<float> lo, Vector256<float> hi, float threshold)
    {
        var t = Vector256.Create(threshold);
        return Vector256.GreaterThan(lo, t) | Vector256.GreaterThan(hi, t);
    }
}
