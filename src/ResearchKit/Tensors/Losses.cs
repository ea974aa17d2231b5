using System.Numerics.Tensors;

namespace ResearchKit.Tensors;

/// <summary>Loss functions, each fused (forward and gradient in one pass) and averaged over the batch.</summary>
public static class Losses
{
    /// <summary>
    /// Binary cross-entropy on logits x with targets t ∈ [0, 1], stable form
    /// ℓ = max(x, 0) − x·t + log(1 + e^−|x|); ∂ℓ/∂x = σ(x) − t. Mean over all values.
    /// </summary>
    public static Tensor BinaryCrossEntropyWithLogits(Tensor logits, ReadOnlySpan<float> targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (targets.Length != logits.Length) throw new ArgumentException($"targets has {targets.Length} values, logits {logits.Length}.", nameof(targets));
        var t = targets.ToArray();
        var n = logits.Length;
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var x = logits.Data[i];
            loss += Math.Max(x, 0f) - x * t[i] + Math.Log(1 + Math.Exp(-Math.Abs(x)));
        }
        return Tensor.FromOp("bce_with_logits", [(float)(loss / n)], [1], [logits], o =>
        {
            var scale = o.Grad![0] / n; var g = logits.GradSpan;
            for (var i = 0; i < n; i++) g[i] += scale * (1f / (1f + MathF.Exp(-logits.Data[i])) - t[i]);
        });
    }

    /// <summary>
    /// Softmax cross-entropy: mean over rows of −log softmax(x_r)[target_r] for logits [B, C];
    /// ∂ℓ/∂x_r = (softmax(x_r) − onehot(target_r)) / B.
    /// </summary>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, ReadOnlySpan<int> targets) => SampledSoftmax(logits, targets, default);

    /// <summary>
    /// Sampled softmax with the logQ correction (Bengio &amp; Senécal 2008; Yi et al., RecSys 2019): the softmax
    /// cross-entropy of <c>x_rj − log Q_j</c>, where Q_j is the expected number of times candidate j is drawn as a
    /// negative (e.g. its in-batch frequency). Subtracting log Q removes the popularity bias of sampled negatives.
    /// An empty <paramref name="logQ"/> means no correction (plain softmax cross-entropy). With
    /// <paramref name="candidateIds"/> (the item id of each column), "accidental hits" are removed: columns other than
    /// the target that hold the same item as the target are left out of the row's softmax (TensorFlow Recommenders'
    /// <c>remove_accidental_hits</c>), so a popular item appearing twice in a batch is not its own negative.
    /// </summary>
    /// <param name="logits">[B, C] scores of each row's candidates.</param>
    /// <param name="targets">The positive column of each row.</param>
    /// <param name="logQ">log Q_j per column (C values), or empty.</param>
    /// <param name="candidateIds">Item id per column (C values), or empty to keep every column.</param>
    public static Tensor SampledSoftmax(Tensor logits, ReadOnlySpan<int> targets, ReadOnlySpan<float> logQ, ReadOnlySpan<int> candidateIds = default)
    {
        ArgumentNullException.ThrowIfNull(logits);
        if (logits.Rank != 2) throw new ArgumentException($"logits must be [batch, classes], got [{string.Join(", ", logits.Shape)}].", nameof(logits));
        int rows = logits.Shape[0], w = logits.Shape[1];
        if (targets.Length != rows) throw new ArgumentException($"targets has {targets.Length} values for {rows} rows.", nameof(targets));
        if (!logQ.IsEmpty && logQ.Length != w) throw new ArgumentException($"logQ has {logQ.Length} values for {w} columns.", nameof(logQ));
        for (var r = 0; r < rows; r++)
            if ((uint)targets[r] >= (uint)w) throw new ArgumentOutOfRangeException(nameof(targets), targets[r], $"target of row {r} is outside [0, {w}).");
        if (!candidateIds.IsEmpty && candidateIds.Length != w) throw new ArgumentException($"candidateIds has {candidateIds.Length} values for {w} columns.", nameof(candidateIds));
        var tgt = targets.ToArray();
        var q = logQ.ToArray();
        var ids = candidateIds.ToArray();
        var logProb = new float[logits.Length];                               // log softmax(x − logQ), kept for backward
        var rowLoss = new double[rows];
        Parallel.For(0, (rows + 63) / 64, chunk =>
        {
            var shifted = q.Length == 0 && ids.Length == 0 ? null : new float[w];
            for (var r = chunk * 64; r < Math.Min(rows, chunk * 64 + 64); r++)
            {
                ReadOnlySpan<float> x = logits.Data.AsSpan(r * w, w);
                if (shifted is not null)
                {
                    if (q.Length > 0) TensorPrimitives.Subtract(x, q, shifted); else x.CopyTo(shifted);
                    if (ids.Length > 0)
                        for (var j = 0; j < w; j++)
                            if (ids[j] == ids[tgt[r]] && j != tgt[r]) shifted[j] = float.NegativeInfinity;   // accidental hit
                    x = shifted;
                }
                Tensor.LogSoftmaxRow(x, logProb.AsSpan(r * w, w));
                rowLoss[r] = -logProb[r * w + tgt[r]];
            }
        });
        var loss = 0.0;
        foreach (var l in rowLoss) loss += l;                                  // fixed order: deterministic
        return Tensor.FromOp(q.Length == 0 ? "softmax_ce" : "sampled_softmax", [(float)(loss / rows)], [1], [logits], o =>
        {
            var scale = o.Grad![0] / rows;
            _ = logits.GradSpan;                                               // allocate before the parallel loop
            var grad = logits.Grad!;
            Parallel.For(0, (rows + 63) / 64, chunk =>
            {
                for (var r = chunk * 64; r < Math.Min(rows, chunk * 64 + 64); r++)
                {
                    var gr = grad.AsSpan(r * w, w);
                    var lp = logProb.AsSpan(r * w, w);
                    for (var j = 0; j < w; j++) gr[j] += scale * MathF.Exp(lp[j]);   // (softmax − onehot)/B
                    gr[tgt[r]] -= scale;
                }
            });
        });
    }

    /// <summary>
    /// Bayesian personalised ranking (Rendle et al. 2009): mean of −log σ(s⁺ − s⁻) over pairs,
    /// computed as softplus(−(s⁺ − s⁻)).
    /// </summary>
    public static Tensor Bpr(Tensor positive, Tensor negative)
    {
        ArgumentNullException.ThrowIfNull(positive);
        ArgumentNullException.ThrowIfNull(negative);
        if (positive.Length != negative.Length) throw new ArgumentException($"positive ({positive.Length}) and negative ({negative.Length}) scores differ in length.");
        var n = positive.Length;
        var loss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var d = (double)positive.Data[i] - negative.Data[i];
            loss += d > 0 ? Math.Log(1 + Math.Exp(-d)) : -d + Math.Log(1 + Math.Exp(d));
        }
        return Tensor.FromOp("bpr", [(float)(loss / n)], [1], [positive, negative], o =>
        {
            var scale = o.Grad![0] / n;
            for (var i = 0; i < n; i++)
            {
                var s = 1f / (1f + MathF.Exp(positive.Data[i] - negative.Data[i]));   // σ(−d) = −∂ℓ/∂d
                if (positive.RequiresGrad) positive.GradSpan[i] -= scale * s;
                if (negative.RequiresGrad) negative.GradSpan[i] += scale * s;
            }
        });
    }
}
