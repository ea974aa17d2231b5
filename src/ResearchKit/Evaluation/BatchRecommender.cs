using System.Buffers;
using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Evaluation;

/// <summary>
/// Called by <see cref="BatchRecommender.RecommendAll"/> with a user's raw scores (before seen items are masked),
/// e.g. to compute AUC or rating errors from the full score vector. Runs on worker threads: it must be thread-safe
/// and must write only per-row state.
/// </summary>
/// <param name="row">Row in the returned <see cref="RecommendationLists"/>.</param>
/// <param name="user">Dense user id.</param>
/// <param name="scores">One score per item; valid only during the call.</param>
public delegate void ScoreRowObserver(int row, int user, ReadOnlySpan<float> scores);

/// <summary>
/// The shared batch top-k kernel: top-k lists for many users at once. Users are cut into blocks; each block is
/// scored with one <see cref="IBatchScorer.ScoreBatch"/> call when the model has it (a GEMM for factor models) or
/// user by user with <see cref="IRecommender.Score"/>; training items are masked to −∞ and <c>TopK.Select</c>
/// writes straight into the preallocated result rows. Blocks run in parallel, each worker owning one score buffer,
/// so there is no per-user allocation and the output does not depend on the thread count. Dot-product models
/// (<see cref="IFactorScorer"/>) take a fused path when no observer needs the raw rows: scoring and selection happen
/// tile by tile in registers (<c>FactorTopK</c>), with the same lists as scoring then selecting.
/// </summary>
public static class BatchRecommender
{
    /// <summary>Users per block when scores are materialised: large enough for a GEMM to amortise packing the item factors.</summary>
    public const int DefaultBlockSize = 256;

    /// <summary>Users per block on the fused path: each block streams the packed item factors once, so larger is cheaper.</summary>
    public const int FusedBlockSize = 1024;

    /// <summary>Largest score buffer per worker (16 M floats = 64 MB); blocks shrink on very large catalogues to stay under it.</summary>
    public const int MaxBufferFloats = 16 << 20;

    /// <summary>
    /// Top-<paramref name="k"/> lists for <paramref name="users"/> (dense ids, in that order).
    /// </summary>
    /// <param name="model">A fitted model.</param>
    /// <param name="train">Its training set: gives the item count and, when <paramref name="excludeSeen"/>, the items to mask.</param>
    /// <param name="users">Users to recommend for.</param>
    /// <param name="k">List length.</param>
    /// <param name="excludeSeen">Mask each user's training items (default true).</param>
    /// <param name="observer">Optional hook that sees each raw score row.</param>
    /// <param name="blockSize">Users per block; 0 (default) picks <see cref="DefaultBlockSize"/>, or <see cref="FusedBlockSize"/>
    /// on the fused path. When scores are materialised it is reduced so that a block's scores fit in <see cref="MaxBufferFloats"/>.</param>
    /// <param name="maxDegreeOfParallelism">Worker cap (−1 = all cores).</param>
    /// <param name="progress">Receives the number of users finished so far.</param>
    /// <param name="ct">Cancels between blocks.</param>
    public static RecommendationLists RecommendAll(IRecommender model, TrainingSet train, int[] users, int k,
        bool excludeSeen = true, ScoreRowObserver? observer = null, int blockSize = 0,
        int maxDegreeOfParallelism = -1, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        Validate(model, train, users, k, blockSize);
        var items = train.ItemCount;
        var result = new RecommendationLists(users, k);
        if (users.Length == 0 || items == 0) return result;
        var seen = excludeSeen ? train.UserItems : null;
        if (observer is null && CanFuse(model, train))
            return RecommendFused((IFactorScorer)model, items, users, seen, result, blockSize > 0 ? blockSize : FusedBlockSize, maxDegreeOfParallelism, progress, null, ct);
        if (blockSize == 0) blockSize = DefaultBlockSize;
        var batch = model as IBatchScorer;
        blockSize = Math.Clamp(MaxBufferFloats / items, 1, blockSize);
        var blocks = (users.Length + blockSize - 1) / blockSize;
        var done = 0;
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, blocks, options,
            () => ArrayPool<float>.Shared.Rent(checked(blockSize * items)),
            (block, _, buffer) =>
            {
                var start = block * blockSize;
                var count = Math.Min(blockSize, users.Length - start);
                var blockUsers = users.AsSpan(start, count);
                var scores = buffer.AsSpan(0, count * items);
                if (batch is not null) batch.ScoreBatch(blockUsers, scores);
                else for (var j = 0; j < count; j++) model.Score(blockUsers[j], scores.Slice(j * items, items));
                for (var j = 0; j < count; j++)
                {
                    var row = start + j; var user = blockUsers[j];
                    var s = scores.Slice(j * items, items);
                    observer?.Invoke(row, user, s);
                    if (seen is not null && user < seen.Rows)
                        foreach (var item in seen.RowIndices(user)) s[item] = float.NegativeInfinity;
                    result.SetCount(row, TopK.Select(s, k, result.ItemRow(row), result.ScoreRow(row)));
                }
                if (progress is not null) progress.Report(Interlocked.Add(ref done, count));
                return buffer;
            },
            buffer => ArrayPool<float>.Shared.Return(buffer));
        return result;
    }

    /// <summary>Whether <see cref="RecommendAll"/> takes the fused path for <paramref name="model"/> (a fitted dot-product model on a SIMD CPU).</summary>
    internal static bool CanFuse(IRecommender model, TrainingSet train) =>
        FactorTopK.IsSupported && model is IFactorScorer factors && factors.Factors > 0
        && factors.ItemFactors.Length == (long)train.ItemCount * factors.Factors
        && (long)(train.ItemCount + 32) * (factors.Factors + 1) <= Array.MaxLength; // the packed panels fit one array

    /// <summary>
    /// <see cref="RecommendAll"/> on the fused path that also writes each row's full-catalogue AUC against
    /// <paramref name="relevant"/> into <paramref name="auc"/> (the value <c>RankingMetrics.Auc</c> gives on the same
    /// scores, with the training items excluded when <paramref name="excludeSeen"/>). Requires <see cref="CanFuse"/>.
    /// </summary>
    internal static RecommendationLists RecommendAllWithAuc(IRecommender model, TrainingSet train, int[] users, int k, bool excludeSeen,
        CsrMatrix relevant, double[] auc, int blockSize, int maxDegreeOfParallelism, IProgress<int>? progress, CancellationToken ct)
    {
        Validate(model, train, users, k, blockSize);
        if (!CanFuse(model, train)) throw new ArgumentException($"{model.Name}: the fused path needs a fitted IFactorScorer on a SIMD CPU.", nameof(model));
        if (auc.Length < users.Length) throw new ArgumentException($"auc must hold {users.Length} values.", nameof(auc));
        var result = new RecommendationLists(users, k);
        if (users.Length == 0 || train.ItemCount == 0) return result;
        return RecommendFused((IFactorScorer)model, train.ItemCount, users, excludeSeen ? train.UserItems : null, result,
            blockSize > 0 ? blockSize : FusedBlockSize, maxDegreeOfParallelism, progress, new FactorTopK.AucTarget(relevant, auc), ct);
    }

    private static void Validate(IRecommender model, TrainingSet train, int[] users, int k, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegative(blockSize);
        foreach (var u in users)
            if ((uint)u >= (uint)train.UserCount)
                throw new ArgumentOutOfRangeException(nameof(users), u, $"User id must be in [0, {train.UserCount}).");
    }

    // Dot-product models: score and select in one pass (FactorTopK), never materialising a block's score matrix.
    private static RecommendationLists RecommendFused(IFactorScorer model, int items, int[] users, CsrMatrix? seen,
        RecommendationLists result, int blockSize, int maxDegreeOfParallelism, IProgress<int>? progress,
        FactorTopK.AucTarget? auc, CancellationToken ct)
    {
        var kernel = new FactorTopK(model, items);
        var f = model.Factors;
        var blocks = (users.Length + blockSize - 1) / blockSize;
        var done = 0;
        var options = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.For(0, blocks, options,
            () => new FactorTopK.Worker(Math.Min(blockSize, users.Length), f),
            (block, _, worker) =>
            {
                var start = block * blockSize;
                var count = Math.Min(blockSize, users.Length - start);
                var blockUsers = users.AsSpan(start, count);
                model.GatherUserVectors(blockUsers, worker.Vectors.AsSpan(0, count * f), worker.Offsets.AsSpan(0, count));
                kernel.Select(blockUsers, worker, seen, result, start, auc);
                if (progress is not null) progress.Report(Interlocked.Add(ref done, count));
                return worker;
            },
            _ => { });
        return result;
    }
}
