using ResearchKit.Evaluation.Metrics;

namespace ResearchKit.Evaluation;

/// <summary>How graded nDCG turns a test value (rating, quantity) into a gain.</summary>
public enum NdcgGain
{
    /// <summary>No graded nDCG; only the binary <c>ndcg@k</c> is reported.</summary>
    None,

    /// <summary>Gain = the test value (Recommenders' score_type "raw").</summary>
    Raw,

    /// <summary>Gain = 2^value − 1 (Recommenders' score_type "exp").</summary>
    Exponential,
}

/// <summary>Options of <see cref="Evaluator"/>; the defaults are the design card's protocol.</summary>
public sealed record EvaluationOptions
{
    /// <summary>The cut-off k of every @k metric (default 10).</summary>
    public int K { get; init; } = 10;

    /// <summary>Exclude each user's training items from their recommendations (default true).</summary>
    public bool ExcludeSeen { get; init; } = true;

    /// <summary>Compute per-user AUC from the full score vector (default true; costs one vectorised pass per relevant item).</summary>
    public bool Auc { get; init; } = true;

    /// <summary>
    /// Compute RMSE/MAE of the raw scores against the test values; null (default) = only when the test set holds
    /// rating events and the model predicts ratings (<see cref="Models.IRatingPredictor"/>, e.g. biased MF): for a
    /// ranking model's arbitrary score scale the errors mean nothing.
    /// </summary>
    public bool? RatingErrors { get; init; }

    /// <summary>Compute novelty, ARP, diversity, serendipity, coverage and Gini (default true).</summary>
    public bool BeyondAccuracy { get; init; } = true;

    /// <summary>
    /// Item similarity for diversity and serendipity; null (default) = shared categories when the catalogue has them,
    /// else training co-occurrence cosine.
    /// </summary>
    public IItemSimilarity? Similarity { get; init; }

    /// <summary>Also report graded nDCG as <c>ndcg_graded@k</c> using test values as gains (default none).</summary>
    public NdcgGain GradedNdcg { get; init; } = NdcgGain.None;

    /// <summary>
    /// N of the sampled-candidate metrics (default 0 = off). When N &gt; 0, each held-out item is also ranked among N
    /// items drawn uniformly from those the user never interacted with (training or test), and
    /// <c>hr@k(sampledN)</c> and <c>ndcg@k(sampledN)</c> are reported beside the full-catalogue metrics (the protocol
    /// of SASRec, Kang &amp; McAuley 2018, with N = 100; see <see cref="Metrics.SampledRanking"/> and Krichene &amp;
    /// Rendle, KDD 2020, on why the two disagree). A user's value averages over their held-out items.
    /// </summary>
    public int SampledCandidates { get; init; }

    /// <summary>Seed of the sampled candidates (default 42); each user's candidates depend on it and the user id only.</summary>
    public int SampledSeed { get; init; } = 42;

    /// <summary>Users per block of the batch kernel; 0 (default) = automatic (see <see cref="BatchRecommender.RecommendAll"/>).</summary>
    public int BlockSize { get; init; }

    /// <summary>Worker cap, −1 (default) = all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;

    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless 1 ≤ K ≤ <paramref name="items"/>: a list cannot hold more distinct
    /// items than the catalogue, and memory grows with users × K.
    /// </summary>
    public void ValidateK(int items)
    {
        Validate();
        if (K > items) throw new ArgumentException($"{nameof(K)} (--k) must be between 1 and the number of items ({items:N0}), got {K:N0}.");
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (K <= 0) throw new ArgumentException($"{nameof(K)} must be ≥ 1, got {K}.");
        if (BlockSize < 0) throw new ArgumentException($"{nameof(BlockSize)} must be ≥ 0 (0 = automatic), got {BlockSize}.");
        if (MaxDegreeOfParallelism == 0 || MaxDegreeOfParallelism < -1)
            throw new ArgumentException($"{nameof(MaxDegreeOfParallelism)} must be −1 or ≥ 1, got {MaxDegreeOfParallelism}.");
        if (SampledCandidates < 0) throw new ArgumentException($"{nameof(SampledCandidates)} (--sampled) must be ≥ 0 (0 = off), got {SampledCandidates}.");
        if (!Enum.IsDefined(GradedNdcg)) throw new ArgumentException($"{nameof(GradedNdcg)} has no value {GradedNdcg}.");
    }
}
