using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ResearchKit.Data.Sampling;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>Options for <see cref="BprRecommender"/>; defaults tuned as described in docs/algorithms.md.</summary>
public sealed record BprOptions
{
    /// <summary>Latent dimension f (default 64).</summary>
    public int Factors { get; init; } = 64;
    /// <summary>Epochs; each draws as many (u, i, j) triples as there are training pairs (default 100).</summary>
    public int Iterations { get; init; } = 100;
    /// <summary>SGD step size (default 0.02).</summary>
    public float LearningRate { get; init; } = 0.02f;
    /// <summary>L2 regularisation on the factors and biases touched by each step (default 0.02).</summary>
    public float Regularization { get; init; } = 0.02f;
    /// <summary>Negative sampling distribution (default uniform).</summary>
    public NegativeSampling Negatives { get; init; } = NegativeSampling.Uniform;
    /// <summary>Redraw a negative that is one of the user's positives (default true; one membership test of the user's sorted positives per draw).</summary>
    public bool VerifyNegatives { get; init; } = true;
    /// <summary>Initial factors are N(0, InitScale²) (default 0.01).</summary>
    public float InitScale { get; init; } = 0.01f;
    /// <summary>Random seed (default 42).</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Worker threads for Hogwild SGD; 0 = all cores (default). The fit is bit-for-bit reproducible only with 1.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Factors < 1) throw new ArgumentException($"{nameof(Factors)} must be ≥ 1, got {Factors}.");
        if (Iterations < 1) throw new ArgumentException($"{nameof(Iterations)} must be ≥ 1, got {Iterations}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be > 0, got {LearningRate}.");
        if (!(Regularization >= 0)) throw new ArgumentException($"{nameof(Regularization)} must be ≥ 0, got {Regularization}.");
        if (!(InitScale > 0)) throw new ArgumentException($"{nameof(InitScale)} must be > 0, got {InitScale}.");
        if (Threads < 0) throw new ArgumentException($"{nameof(Threads)} must be ≥ 0, got {Threads}.");
    }
}

/// <summary>
/// Bayesian Personalised Ranking matrix factorisation (Rendle, Freudenthaler, Gantner &amp; Schmidt-Thieme, UAI 2009)
/// with an item bias: score x_u·y_i + b_i, trained by SGD on ln σ(s_ui − s_uj) for a positive i and a sampled
/// negative j. Parallel lock-free (Hogwild, Recht et al. 2011) like implicit: each thread owns a random stream and
/// updates the shared factors without locks; the races are rare and benign at this sparsity.
/// </summary>
public sealed class BprRecommender : FactorModelBase
{
    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public BprRecommender(BprOptions? options = null)
    {
        Options = options ?? new BprOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public BprOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "bpr";

    /// <summary>Fraction of sampled triples ranked correctly (s_ui &gt; s_uj) in each epoch of the last fit.</summary>
    public IReadOnlyList<double> AccuracyHistory { get; private set; } = [];

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        TrainingGuards.EnsureCollaborative(Name, train);
        var o = Options; var f = o.Factors;
        var threads = o.Threads > 0 ? o.Threads : Environment.ProcessorCount;
        var csr = train.UserItems;
        var m = train.UserCount; var n = train.ItemCount; var nnz = csr.Nnz;
        var rowPtr = csr.RowPointers.ToArray(); var items = csr.ColumnIndices.ToArray();
        // (user, item) of every nonzero packed in one long, so drawing a positive costs one cache miss, not two.
        var pairs = new long[nnz];
        for (var u = 0; u < m; u++)
            for (var p = rowPtr[u]; p < rowPtr[u + 1]; p++) pairs[p] = ((long)u << 32) | (uint)items[p];

        var rng0 = new SplitMix(o.Seed);
        var x = new float[m * f]; var y = new float[n * f]; var bias = new float[n];
        for (var i = 0; i < x.Length; i++) x[i] = (float)(rng0.NextGaussian() * o.InitScale);
        for (var i = 0; i < y.Length; i++) y[i] = (float)(rng0.NextGaussian() * o.InitScale);

        var accuracy = new List<double>();
        var correct = new long[threads];
        for (var epoch = 1; epoch <= o.Iterations; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            var ep = epoch;
            WorkerThreads.Run(threads, t =>
            {
                var samples = (nnz / threads) + (t < nnz % threads ? 1 : 0);
                var rng = new SplitMix(o.Seed, ((long)ep * threads) + t);
                correct[t] = RunSamples(ref rng, samples, rowPtr, items, pairs, x, y, bias, f, n);
            });
            FactorKernels.EnsureFinite(Name, "user factors", epoch, x);
            FactorKernels.EnsureFinite(Name, "item factors", epoch, y);
            var acc = correct.Sum() / (double)Math.Max(1, nnz);
            accuracy.Add(acc);
            progress?.Report(new FitProgress(Name, epoch, o.Iterations, 1 - acc, $"epoch {epoch}: {acc:P1} of triples ranked correctly"));
        }
        AccuracyHistory = accuracy;
        SetFactors(x, y, bias, f);
    }

    /// <summary>
    /// One thread's share of an epoch; returns how many triples were already ranked correctly. Samples go in batches of
    /// <see cref="Batch"/> through four passes — draw the positives' indices (prefetching the packed pairs), read the
    /// pairs (prefetching the user row, the positive row and the user's row pointer), read the row bounds (prefetching
    /// the user's item list), draw and verify the negatives (prefetching their rows) — and then the SGD updates in order. The loop is bound by random-access cache misses;
    /// this keeps a batch's worth of them in flight instead of one at a time. Negatives do not depend on the factors, so
    /// this is the same algorithm; only the order of random draws differs from a one-at-a-time loop.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called once per thread per epoch: tier-0/OSR code would run the whole first epoch
    private unsafe long RunSamples(ref SplitMix rng, int samples, int[] rowPtr, int[] items, long[] pairs,
        float[] x, float[] y, float[] bias, int f, int n)
    {
        var o = Options;
        var lr = o.LearningRate; var reg = o.Regularization;
        var nnz = items.Length;
        var popularity = o.Negatives == NegativeSampling.Popularity;
        var verify = o.VerifyNegatives;
        Span<int> us = stackalloc int[Batch]; Span<int> pos = stackalloc int[Batch]; Span<int> neg = stackalloc int[Batch];
        Span<int> rowStart = stackalloc int[Batch]; Span<int> rowLength = stackalloc int[Batch];
        long correct = 0;
        fixed (float* px = x, py = y)
        fixed (long* pp = pairs)
        fixed (int* pItems = items)
        fixed (int* pRows = rowPtr)
        {
            for (var start = 0; start < samples; start += Batch)
            {
                var count = Math.Min(Batch, samples - start);
                for (var b = 0; b < count; b++)
                {
                    var at = rng.NextInt(nnz);
                    pos[b] = at;
                    PrefetchLine(pp + at);
                }
                for (var b = 0; b < count; b++)
                {
                    var pair = pp[pos[b]];
                    var u = (int)(pair >> 32); var i = (int)(uint)pair;
                    us[b] = u; pos[b] = i;
                    Prefetch(px + ((long)u * f), f);
                    Prefetch(py + ((long)i * f), f);
                    if (verify) PrefetchLine(pRows + u);
                }
                if (verify)
                {
                    for (var b = 0; b < count; b++)
                    {
                        var u = us[b];
                        var start0 = pRows[u];
                        rowStart[b] = start0; rowLength[b] = pRows[u + 1] - start0;
                        PrefetchLine(pItems + start0);
                        if (rowLength[b] > 8) PrefetchLine(pItems + start0 + 16);
                    }
                }
                for (var b = 0; b < count; b++)
                {
                    var j = -1;
                    for (var attempt = 0; attempt < 16; attempt++)
                    {
                        var cand = popularity ? items[rng.NextInt(nnz)] : rng.NextInt(n);
                        if (!verify || !IsPositive(items.AsSpan(rowStart[b], rowLength[b]), cand)) { j = cand; break; }
                    }
                    neg[b] = j;
                    if (j >= 0) Prefetch(py + ((long)j * f), f);
                }
                for (var b = 0; b < count; b++)
                {
                    int u = us[b], i = pos[b], j = neg[b];
                    if (j < 0) continue; // the user has (nearly) every item: no negative to learn from
                    var xu = x.AsSpan(u * f, f); var yi = y.AsSpan(i * f, f); var yj = y.AsSpan(j * f, f);
                    var diff = bias[i] - bias[j] + DotDifference(xu, yi, yj);
                    if (diff > 0) correct++;
                    var z = 1f / (1f + MathF.Exp(diff)); // σ(−diff): the gradient weight of ln σ(diff)
                    Update(xu, yi, yj, z, lr, reg);
                    bias[i] += lr * (z - (reg * bias[i]));
                    bias[j] += lr * (-z - (reg * bias[j]));
                }
            }
        }
        return correct;
    }

    /// <summary>
    /// Whether <paramref name="item"/> is in the user's sorted positives. Short rows (most users) are scanned with SIMD
    /// compares: a binary search's unpredictable branches made it a quarter of the whole epoch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsPositive(ReadOnlySpan<int> row, int item) =>
        row.Length <= 96 ? row.Contains(item) : row.BinarySearch(item) >= 0;

    /// <summary>Samples per batch of the miss-overlapping passes in <see cref="RunSamples"/>.</summary>
    private const int Batch = 32;

    /// <summary>Asks for one cache line (a no-op where SSE is absent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchLine(void* address)
    {
        if (System.Runtime.Intrinsics.X86.Sse.IsSupported) System.Runtime.Intrinsics.X86.Sse.Prefetch0(address);
    }

    /// <summary>Asks for the cache lines of a factor row (a no-op where SSE is absent).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(float* row, int f)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        for (var k = 0; k < f; k += 16) System.Runtime.Intrinsics.X86.Sse.Prefetch0(row + k);
    }

    /// <summary>x·(yi − yj) in one pass (one horizontal reduction instead of two).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float DotDifference(ReadOnlySpan<float> x, ReadOnlySpan<float> yi, ReadOnlySpan<float> yj)
    {
        var f = x.Length;
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var pi = ref MemoryMarshal.GetReference(yi);
        ref var pj = ref MemoryMarshal.GetReference(yj);
        var k = 0; var sum = 0f;
        if (Vector512.IsHardwareAccelerated && f >= 16)
        {
            var acc = Vector512<float>.Zero;
            for (; k + 16 <= f; k += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref px, (nuint)k), Vector512.LoadUnsafe(ref pi, (nuint)k) - Vector512.LoadUnsafe(ref pj, (nuint)k), acc);
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && f >= 8)
        {
            var acc = Vector256<float>.Zero;
            for (; k + 8 <= f; k += 8)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref px, (nuint)k), Vector256.LoadUnsafe(ref pi, (nuint)k) - Vector256.LoadUnsafe(ref pj, (nuint)k), acc);
            sum = Vector256.Sum(acc);
        }
        for (; k < f; k++) sum += Unsafe.Add(ref px, k) * (Unsafe.Add(ref pi, k) - Unsafe.Add(ref pj, k));
        return sum;
    }

    /// <summary>x += lr(z(yi − yj) − λx); yi += lr(z·x − λyi); yj += lr(−z·x − λyj), all from the old x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Update(Span<float> xu, Span<float> yi, Span<float> yj, float z, float lr, float reg)
    {
        var f = xu.Length;
        ref var px = ref MemoryMarshal.GetReference(xu);
        ref var pi = ref MemoryMarshal.GetReference(yi);
        ref var pj = ref MemoryMarshal.GetReference(yj);
        var k = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vz = Vector512.Create(z); var vlr = Vector512.Create(lr); var vreg = Vector512.Create(reg);
            for (; k + 16 <= f; k += 16)
            {
                var a = Vector512.LoadUnsafe(ref px, (nuint)k);
                var b = Vector512.LoadUnsafe(ref pi, (nuint)k);
                var c = Vector512.LoadUnsafe(ref pj, (nuint)k);
                (a + (vlr * ((vz * (b - c)) - (vreg * a)))).StoreUnsafe(ref px, (nuint)k);
                (b + (vlr * ((vz * a) - (vreg * b)))).StoreUnsafe(ref pi, (nuint)k);
                (c - (vlr * ((vz * a) + (vreg * c)))).StoreUnsafe(ref pj, (nuint)k);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var vz = Vector256.Create(z); var vlr = Vector256.Create(lr); var vreg = Vector256.Create(reg);
            for (; k + 8 <= f; k += 8)
            {
                var a = Vector256.LoadUnsafe(ref px, (nuint)k);
                var b = Vector256.LoadUnsafe(ref pi, (nuint)k);
                var c = Vector256.LoadUnsafe(ref pj, (nuint)k);
                (a + (vlr * ((vz * (b - c)) - (vreg * a)))).StoreUnsafe(ref px, (nuint)k);
                (b + (vlr * ((vz * a) - (vreg * b)))).StoreUnsafe(ref pi, (nuint)k);
                (c - (vlr * ((vz * a) + (vreg * c)))).StoreUnsafe(ref pj, (nuint)k);
            }
        }
        for (; k < f; k++)
        {
            var a = Unsafe.Add(ref px, k); var b = Unsafe.Add(ref pi, k); var c = Unsafe.Add(ref pj, k);
            Unsafe.Add(ref px, k) = a + (lr * ((z * (b - c)) - (reg * a)));
            Unsafe.Add(ref pi, k) = b + (lr * ((z * a) - (reg * b)));
            Unsafe.Add(ref pj, k) = c - (lr * ((z * a) + (reg * c)));
        }
    }

    /// <inheritdoc />
    public override void Save(string path)
    {
        var file = ModelFile.Create(Name, Options, Train);
        WriteFactors(file);
        ModelFile.Save(file, path);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; <paramref name="train"/> is the set it was fitted on.</summary>
    public static BprRecommender Load(string path, TrainingSet train)
    {
        var file = ModelFile.Open(path, train, "bpr");
        var model = new BprRecommender(ModelFile.Options<BprOptions>(file));
        model.ReadFactors(file, train);
        return model;
    }
}
