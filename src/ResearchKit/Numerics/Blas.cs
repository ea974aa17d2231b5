using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ResearchKit.Numerics;

/// <summary>
/// BLAS-like float32 kernels in row-major layout, shared by the tensor engine, the factor models and the evaluator.
/// <para>
/// <see cref="Sgemm"/> follows GotoBLAS/BLIS (Goto &amp; van de Geijn, "Anatomy of high-performance matrix
/// multiplication", TOMS 2008): op(B) is packed in KC×NC panels, op(A) in MC×KC blocks, and a 6×32 (AVX-512) or
/// 6×16 (AVX2) register-tiled FMA micro-kernel updates C. Work is split over (row block, column chunk) tiles with
/// <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>; the reduction over k always runs in the same
/// order inside one tile, so results are bit-identical whatever the thread count.
/// </para>
/// </summary>
public static unsafe class Blas
{
    private const int KC = 256, MC = 120, NC = 3072;

    /// <summary>Largest number of threads the kernels use (default: all processors). Results do not depend on it.</summary>
    public static int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Options for other kernels' parallel loops that should follow <see cref="MaxDegreeOfParallelism"/>.</summary>
    internal static ParallelOptions ParallelOptions => new() { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) };

    /// <summary>
    /// C ← α·op(A)·op(B) + β·C, row-major, with op(A) m×k and op(B) k×n. When <paramref name="transA"/> is true,
    /// A is stored k×m (op(A) = Aᵀ); when <paramref name="transB"/> is true, B is stored n×k. β = 0 overwrites C
    /// (NaN in C is not propagated). Leading dimensions are row strides in elements.
    /// </summary>
    /// <exception cref="ArgumentException">A dimension, stride or buffer length does not fit.</exception>
    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => SgemmCore(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, parallel: true);

    internal static void SgemmCore(bool transA, bool transB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, bool parallel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (m == 0 || n == 0) return;
        CheckMatrix(nameof(c), c.Length, m, n, ldc);
        if (k > 0)
        {
            if (transA) CheckMatrix(nameof(a), a.Length, k, m, lda); else CheckMatrix(nameof(a), a.Length, m, k, lda);
            if (transB) CheckMatrix(nameof(b), b.Length, n, k, ldb); else CheckMatrix(nameof(b), b.Length, k, n, ldb);
        }

        var skip = k == 0 || alpha == 0f;
        // With β = 0 and a product to add, the first k-panel stores instead of accumulating, so C needs no clearing.
        var overwrite = beta == 0f && !skip;
        if (!overwrite && beta != 1f)
            for (var i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc, n);
                if (beta == 0f) row.Clear(); else TensorPrimitives.Multiply(row, beta, row);
            }
        if (skip) return;

        fixed (float* pa = a, pb = b, pc = c)
        {
            if ((long)m * n * k <= 4096) { SmallGemm(transA, transB, m, n, k, alpha, pa, lda, pb, ldb, pc, ldc, overwrite); return; }
            BlockedGemm(transA, transB, m, n, k, alpha, (nint)pa, lda, (nint)pb, ldb, (nint)pc, ldc, parallel, overwrite);
        }
    }

    private static void BlockedGemm(bool transA, bool transB, int m, int n, int k, float alpha,
        nint a, int lda, nint b, int ldb, nint c, int ldc, bool parallel, bool overwrite)
    {
        var nr = GemmKernels.NR;
        // Packing buffers are cached per thread: allocating (and page-faulting) megabytes per call would cost more
        // than the small GEMMs of a training step.
        var panel = ThreadBuffer(ref t_panel, Math.Min(k, KC) * (Math.Min(n, NC) + nr));
        var mBlocks = (m + MC - 1) / MC;
        var threads = parallel ? Math.Max(1, MaxDegreeOfParallelism) : 1;
        for (var jc = 0; jc < n; jc += NC)
        {
            var nc = Math.Min(NC, n - jc);
            // Few row blocks: also split the panel's columns (in multiples of NR) so there are ≥ 4 tiles per thread.
            var wanted = mBlocks >= 4 * threads ? 1 : (4 * threads + mBlocks - 1) / mBlocks;
            var chunkCols = (((nc + wanted - 1) / wanted) + nr - 1) / nr * nr;
            var nChunks = (nc + chunkCols - 1) / chunkCols;
            for (var pc = 0; pc < k; pc += KC)
            {
                var kc = Math.Min(KC, k - pc);
                GemmKernels.PackB(transB, (float*)b, ldb, pc, kc, jc, nc, panel);
                var tasks = mBlocks * nChunks;
                var work = new TileWork(transA, alpha, a, lda, c, ldc, m, (nint)panel, jc, nc, pc, kc, nChunks, chunkCols, add: !(overwrite && pc == 0));
                if (threads == 1 || tasks == 1 || (long)m * nc * kc < 1 << 18)
                    work.RunAll(tasks);
                else
                    work.RunParallel(tasks, threads);
            }
        }
    }

    /// <summary>One (row block × column chunk) tile of a packed k-panel: packs its A block and runs the micro-kernels.</summary>
    private sealed class TileWork(bool transA, float alpha, nint a, int lda, nint c, int ldc, int m,
        nint panel, int jc, int nc, int pc, int kc, int nChunks, int chunkCols, bool add)
    {
        public void RunAll(int tasks)
        {
            var buffer = ThreadBuffer(ref t_packA, MC * KC);
            for (var t = 0; t < tasks; t++) Run(t, buffer);
        }

        public void RunParallel(int tasks, int threads)
        {
            var options = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Parallel.For(0, tasks, options, t => Run(t, ThreadBuffer(ref t_packA, MC * KC)));
        }

        private void Run(int task, float* packedA)
        {
            var ic = task / nChunks * MC;
            var mc = Math.Min(MC, m - ic);
            var chunk = task % nChunks;
            var j0 = chunk * chunkCols;
            var j1 = Math.Min(nc, j0 + chunkCols);
            var nr = GemmKernels.NR;
            var bPanel = (float*)panel;
            // A block used by only a few NR strips: packing it would cost about as much as the FMAs it feeds, so the
            // micro-kernel reads A in place (row stride and k stride per layout) and applies α itself.
            var direct = GemmKernels.CanReadADirectly && j1 - j0 <= 4 * nr;
            if (!direct) GemmKernels.PackA(transA, (float*)a, lda, ic, mc, pc, kc, alpha, packedA);
            var (rowStride, kStride) = transA ? (1L, (long)lda) : ((long)lda, 1L);
            for (var jr = j0; jr < j1; jr += nr)
            {
                var cols = Math.Min(nr, j1 - jr);
                var bp = bPanel + (long)jr * kc;
                for (var ir = 0; ir < mc; ir += GemmKernels.MR)
                {
                    var rows = Math.Min(GemmKernels.MR, mc - ir);
                    var cTile = (float*)c + (long)(ic + ir) * ldc + jc + jr;
                    if (direct)
                        GemmKernels.MicroKernelDirect(kc, (float*)a + (ic + ir) * rowStride + pc * kStride, rowStride, kStride, alpha, bp, cTile, ldc, rows, cols, add);
                    else
                        GemmKernels.MicroKernel(kc, packedA + (long)ir * kc, bp, cTile, ldc, rows, cols, add);
                }
            }
        }
    }

    [ThreadStatic] private static float[]? t_panel;
    [ThreadStatic] private static float[]? t_packA;

    /// <summary>A pinned per-thread buffer of at least <paramref name="length"/> floats, 64-byte aligned.</summary>
    private static float* ThreadBuffer(ref float[]? cache, int length)
    {
        if (cache is null || cache.Length < length + 16) cache = GC.AllocateUninitializedArray<float>(length + 16, pinned: true);
        var p = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(cache));
        return (float*)((p + 63) & ~(nint)63);
    }

    private static void SmallGemm(bool transA, bool transB, int m, int n, int k, float alpha,
        float* a, int lda, float* b, int ldb, float* c, int ldc, bool overwrite)
    {
        for (var i = 0; i < m; i++)
            for (var j = 0; j < n; j++)
            {
                var sum = 0f;
                for (var p = 0; p < k; p++)
                {
                    var av = transA ? a[(long)p * lda + i] : a[(long)i * lda + p];
                    var bv = transB ? b[(long)j * ldb + p] : b[(long)p * ldb + j];
                    sum = MathF.FusedMultiplyAdd(av, bv, sum);
                }
                ref var dst = ref c[(long)i * ldc + j];
                dst = overwrite ? alpha * sum : dst + alpha * sum;
            }
    }

    /// <summary>
    /// Gram matrix G ← α·XᵀX + β·G of an n×f row-major matrix X (the SYRK of BLAS, full f×f result written).
    /// Rows are reduced in fixed chunks (a function of n only) computed in parallel and summed in order, so the
    /// result does not depend on the thread count. This is ALS's YᵀY.
    /// </summary>
    public static void Gram(int rows, int cols, ReadOnlySpan<float> x, int ldx, Span<float> g, int ldg, float alpha = 1f, float beta = 0f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if (cols == 0) return;
        CheckMatrix(nameof(g), g.Length, cols, cols, ldg);
        if (rows > 0) CheckMatrix(nameof(x), x.Length, rows, cols, ldx);
        const int minChunk = 2048, maxChunks = 16;
        var chunks = Math.Clamp((rows + minChunk - 1) / minChunk, 1, maxChunks);
        if (chunks == 1 || cols > 1024)
        {
            Sgemm(true, false, cols, cols, rows, alpha, x, ldx, x, ldx, beta, g, ldg);
            return;
        }
        var chunkRows = (rows + chunks - 1) / chunks;
        var partial = new float[chunks * cols * cols];
        var xArray = x.ToArray();
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) }, t =>
        {
            var r0 = t * chunkRows;
            var r = Math.Min(chunkRows, rows - r0);
            if (r <= 0) return;
            var xs = xArray.AsSpan(r0 * ldx, (r - 1) * ldx + cols);
            SgemmCore(true, false, cols, cols, r, 1f, xs, ldx, xs, ldx, 0f, partial.AsSpan(t * cols * cols, cols * cols), cols, parallel: false);
        });
        for (var t = 1; t < chunks; t++)
            TensorPrimitives.Add(partial.AsSpan(0, cols * cols), partial.AsSpan(t * cols * cols, cols * cols), partial.AsSpan(0, cols * cols));
        for (var i = 0; i < cols; i++)
        {
            var row = g.Slice(i * ldg, cols);
            var src = partial.AsSpan(i * cols, cols);
            if (beta == 0f) TensorPrimitives.Multiply(src, alpha, row);
            else { TensorPrimitives.Multiply(row, beta, row); TensorPrimitives.MultiplyAdd(src, alpha, row, row); }
        }
    }

    /// <summary>
    /// y ← α·op(A)·x + β·y with A stored m×n row-major (op(A) = Aᵀ when <paramref name="trans"/>, so y has n entries).
    /// Parallel over fixed row/column chunks; each output is reduced in a fixed order (thread-count independent).
    /// </summary>
    public static void Sgemv(bool trans, int m, int n, float alpha, ReadOnlySpan<float> a, int lda,
        ReadOnlySpan<float> x, float beta, Span<float> y)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var (outLen, inLen) = trans ? (n, m) : (m, n);
        if (y.Length < outLen) throw new ArgumentException($"y must hold {outLen} values, got {y.Length}.", nameof(y));
        if (x.Length < inLen) throw new ArgumentException($"x must hold {inLen} values, got {x.Length}.", nameof(x));
        if (outLen == 0) return;
        if (m > 0 && n > 0) CheckMatrix(nameof(a), a.Length, m, n, lda);
        var yOut = y[..outLen];
        if (beta == 0f) yOut.Clear(); else if (beta != 1f) TensorPrimitives.Multiply(yOut, beta, yOut);
        if (inLen == 0 || alpha == 0f) return;
        fixed (float* pa = a, px = x, py = y)
        {
            nint ap = (nint)pa, xp = (nint)px, yp = (nint)py;
            const int chunk = 512;
            var chunks = (outLen + chunk - 1) / chunk;
            void RunChunk(int t)
            {
                var o0 = t * chunk;
                var len = Math.Min(chunk, outLen - o0);
                var yc = new Span<float>((float*)yp + o0, len);
                if (!trans)
                    for (var i = 0; i < len; i++)
                        yc[i] += alpha * TensorPrimitives.Dot(new ReadOnlySpan<float>((float*)ap + (long)(o0 + i) * lda, n), new ReadOnlySpan<float>((float*)xp, n));
                else
                    for (var i = 0; i < m; i++)
                        TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>((float*)ap + (long)i * lda + o0, len), alpha * ((float*)xp)[i], yc, yc);
            }
            if (chunks == 1 || (long)m * n < 1 << 16) for (var t = 0; t < chunks; t++) RunChunk(t);
            else Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, MaxDegreeOfParallelism) }, RunChunk);
        }
    }

    private static void CheckMatrix(string name, int length, int rows, int cols, int ld)
    {
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"leading dimension of {name} must be ≥ {Math.Max(1, cols)} (its stored column count), got {ld}.", name);
        var needed = (long)(rows - 1) * ld + cols;
        if (rows > 0 && length < needed)
            throw new ArgumentException($"{name} ({rows}×{cols}, stride {ld}) needs {needed} values, got {length}.", name);
    }
}
