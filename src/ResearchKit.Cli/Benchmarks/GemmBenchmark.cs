using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ResearchKit.Numerics;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// GFLOP/s of <see cref="Blas.Sgemm"/> for a square 1024³ product and for the recommender scoring shape
/// (4096 users × 64 factors × 50,000 items, U·Vᵀ), against the SIMD FMA peak measured on this machine.
/// </summary>
internal sealed class GemmBenchmark : IBenchmark
{
    public string Name => "gemm";

    public string Description => "Sgemm GFLOP/s (1024³ and users×f×items = 4096×64×50k, A·Bᵀ) vs measured FMA peak";

    public void Run(BenchContext context)
    {
        var o = context.Out;
        var threads = Environment.ProcessorCount;
        var width = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
        var peak1 = MeasurePeak(1, context.Quick);
        var peakAll = MeasurePeak(threads, context.Quick);
        o.WriteLine($"- machine: {threads} cores, widest accelerated vector {width} bit");
        o.WriteLine($"- measured FMA peak (register-only loop, {width}-bit): {peak1:F1} GFLOP/s on 1 core, {peakAll:F1} GFLOP/s on {threads}");

        var square = context.Quick ? 256 : 1024;
        var (g1, gAll) = (Square(square, 1, context), Square(square, threads, context));
        o.WriteLine($"- Sgemm {square}³ (NN): {g1:F1} GFLOP/s on 1 thread ({100 * g1 / peak1:F0}% of peak), {gAll:F1} GFLOP/s on {threads} ({100 * gAll / peakAll:F0}%)");

        var (users, f, items) = context.Quick ? (512, 64, 5_000) : (4096, 64, 50_000);
        var rec = Recommender(users, f, items, threads, context);
        o.WriteLine($"- Sgemm users×f×items = {users}×{f}×{items:N0} (U·Vᵀ, 256-user blocks): {rec:F1} GFLOP/s on {threads} threads ({100 * rec / peakAll:F0}% of peak)");
    }

    private static float[] Fill(int count, Random rng)
    {
        var x = new float[count];
        for (var i = 0; i < count; i++) x[i] = (float)rng.NextDouble() - 0.5f;
        return x;
    }

    private static double Square(int n, int threads, BenchContext context)
    {
        var rng = new Random(context.Seed);
        var a = Fill(n * n, rng); var b = Fill(n * n, rng); var c = new float[n * n];
        return WithThreads(threads, () =>
            Time(2.0 * n * n * n, context.Quick ? 3 : 10, () => Blas.Sgemm(false, false, n, n, n, 1f, a, n, b, n, 0f, c, n)));
    }

    private static double Recommender(int users, int f, int items, int threads, BenchContext context)
    {
        var rng = new Random(context.Seed);
        var u = Fill(users * f, rng); var v = Fill(items * f, rng);
        const int block = 256;
        var c = new float[block * items];
        return WithThreads(threads, () => Time(2.0 * users * f * items, context.Quick ? 2 : 3, () =>
        {
            for (var u0 = 0; u0 < users; u0 += block)
            {
                var rows = Math.Min(block, users - u0);
                Blas.Sgemm(false, true, rows, items, f, 1f, u.AsSpan(u0 * f, rows * f), f, v, f, 0f, c, items);
            }
        }));
    }

    private static double WithThreads(int threads, Func<double> run)
    {
        var saved = Blas.MaxDegreeOfParallelism;
        Blas.MaxDegreeOfParallelism = threads;
        try { return run(); }
        finally { Blas.MaxDegreeOfParallelism = saved; }
    }

    /// <summary>Best-of-reps GFLOP/s after one warm-up run.</summary>
    private static double Time(double flops, int reps, Action run)
    {
        run();
        var best = double.MaxValue;
        for (var r = 0; r < reps; r++)
        {
            var sw = Stopwatch.StartNew();
            run();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return flops / best / 1e9;
    }

    /// <summary>Best of three runs: on a shared machine a single run can be preempted.</summary>
    private static double MeasurePeak(int threads, bool quick) =>
        Math.Max(MeasurePeakOnce(threads, quick), Math.Max(MeasurePeakOnce(threads, quick), MeasurePeakOnce(threads, quick)));

    private static double MeasurePeakOnce(int threads, bool quick)
    {
        var iterations = quick ? 2_000_000L : 20_000_000L;
        PeakLoop(1000); // JIT
        var sw = Stopwatch.StartNew();
        var sink = 0f;
        // Dedicated threads: Parallel.For over `threads` iterations may run them one after another when the pool is busy.
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() => { var s = PeakLoop(iterations); lock (sw) sink += s; })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var seconds = sw.Elapsed.TotalSeconds;
        GC.KeepAlive(sink);
        var lanes = Vector512.IsHardwareAccelerated ? 16 : 8;
        return threads * iterations * 12.0 * lanes * 2 / seconds / 1e9;
    }

    /// <summary>12 independent FMA chains (enough to cover FMA latency × throughput), no memory traffic.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static float PeakLoop(long iterations)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(0.9999f); var add = Vector512.Create(1e-6f);
            Vector512<float> a0 = m, a1 = m, a2 = m, a3 = m, a4 = m, a5 = m, a6 = m, a7 = m, a8 = m, a9 = m, a10 = m, a11 = m;
            for (var i = 0L; i < iterations; i++)
            {
                a0 = Vector512.FusedMultiplyAdd(a0, m, add); a1 = Vector512.FusedMultiplyAdd(a1, m, add);
                a2 = Vector512.FusedMultiplyAdd(a2, m, add); a3 = Vector512.FusedMultiplyAdd(a3, m, add);
                a4 = Vector512.FusedMultiplyAdd(a4, m, add); a5 = Vector512.FusedMultiplyAdd(a5, m, add);
                a6 = Vector512.FusedMultiplyAdd(a6, m, add); a7 = Vector512.FusedMultiplyAdd(a7, m, add);
                a8 = Vector512.FusedMultiplyAdd(a8, m, add); a9 = Vector512.FusedMultiplyAdd(a9, m, add);
                a10 = Vector512.FusedMultiplyAdd(a10, m, add); a11 = Vector512.FusedMultiplyAdd(a11, m, add);
            }
            return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
        }
        var n = Vector256.Create(0.9999f); var d = Vector256.Create(1e-6f);
        Vector256<float> b0 = n, b1 = n, b2 = n, b3 = n, b4 = n, b5 = n, b6 = n, b7 = n, b8 = n, b9 = n, b10 = n, b11 = n;
        for (var i = 0L; i < iterations; i++)
        {
            b0 = Vector256.FusedMultiplyAdd(b0, n, d); b1 = Vector256.FusedMultiplyAdd(b1, n, d);
            b2 = Vector256.FusedMultiplyAdd(b2, n, d); b3 = Vector256.FusedMultiplyAdd(b3, n, d);
            b4 = Vector256.FusedMultiplyAdd(b4, n, d); b5 = Vector256.FusedMultiplyAdd(b5, n, d);
            b6 = Vector256.FusedMultiplyAdd(b6, n, d); b7 = Vector256.FusedMultiplyAdd(b7, n, d);
            b8 = Vector256.FusedMultiplyAdd(b8, n, d); b9 = Vector256.FusedMultiplyAdd(b9, n, d);
            b10 = Vector256.FusedMultiplyAdd(b10, n, d); b11 = Vector256.FusedMultiplyAdd(b11, n, d);
        }
        return Vector256.Sum(b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9 + b10 + b11);
    }
}
