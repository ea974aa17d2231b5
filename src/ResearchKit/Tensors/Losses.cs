using System.Numerics.Tensors;
using ResearchKit.Numerics;

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
        var prob = Tensor.Allocate(logits.Length);                                   // softmax(x − logQ), kept for backward
        logits.Data.CopyTo(prob, 0);
        var loss = SoftmaxRowsInPlace(prob, rows, w, tgt, q, ids);
        return Tensor.FromOp(q.Length == 0 ? "softmax_ce" : "sampled_softmax", [(float)loss], [1], [logits], o =>
        {
            var scale = o.Grad![0] / rows;
            _ = logits.GradSpan;                                               // allocate before the parallel loop
            var grad = logits.Grad!;
            Parallel.For(0, (rows + 63) / 64, Blas.ParallelOptions, chunk =>
            {
                for (var r = chunk * 64; r < Math.Min(rows, chunk * 64 + 64); r++)
                {
                    var gr = grad.AsSpan(r * w, w);
                    TensorPrimitives.MultiplyAdd(prob.AsSpan(r * w, w), scale, gr, gr);   // (softmax − onehot)/B
                    gr[tgt[r]] -= scale;
                }
            });
        });
    }

    /// <summary>
    /// The in-batch sampled softmax of two-tower retrieval, fused with its logits GEMM: logits_ij = ⟨q_i, c_j⟩/τ − log Q_j,
    /// row i's positive is column i, and the loss is the mean softmax cross-entropy (accidental hits removed as in
    /// <see cref="SampledSoftmax"/>). The [b, c] logits/probabilities/gradient live in one buffer that is transformed
    /// in place, so the op costs three GEMMs and no large allocations when <paramref name="workspace"/> is given.
    /// </summary>
    /// <param name="queries">[b, d] query (user) vectors.</param>
    /// <param name="candidates">[c, d] candidate (item) vectors, c ≥ b; the first b are the rows' positives.</param>
    /// <param name="temperature">τ &gt; 0.</param>
    /// <param name="logQ">log Q_j per candidate, or empty for no correction.</param>
    /// <param name="candidateIds">Item id per candidate, or empty to keep accidental hits.</param>
    /// <param name="workspace">Reusable buffer of at least b·c values; it must not be reused before this loss's backward ran.</param>
    public static Tensor InBatchSoftmax(Tensor queries, Tensor candidates, float temperature, ReadOnlySpan<float> logQ,
        ReadOnlySpan<int> candidateIds, float[]? workspace = null)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(candidates);
        if (queries.Rank != 2 || candidates.Rank != 2 || queries.Shape[1] != candidates.Shape[1])
            throw new ArgumentException($"queries [{string.Join(", ", queries.Shape)}] and candidates [{string.Join(", ", candidates.Shape)}] must be [b, d] and [c, d].");
        int b = queries.Shape[0], c = candidates.Shape[0], d = queries.Shape[1];
        if (c < b) throw new ArgumentException($"need at least as many candidates ({c}) as queries ({b}): row i's positive is candidate i.", nameof(candidates));
        if (!(temperature > 0)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "temperature must be > 0.");
        if (!logQ.IsEmpty && logQ.Length != c) throw new ArgumentException($"logQ has {logQ.Length} values for {c} candidates.", nameof(logQ));
        if (!candidateIds.IsEmpty && candidateIds.Length != c) throw new ArgumentException($"candidateIds has {candidateIds.Length} values for {c} candidates.", nameof(candidateIds));
        var buffer = workspace is not null && workspace.Length >= b * c ? workspace : new float[b * c];
        var alpha = 1f / temperature;
        Blas.Sgemm(false, true, b, c, d, alpha, queries.Data, d, candidates.Data, d, 0f, buffer, c);   // logits [b, c]
        var targets = new int[b];
        for (var i = 0; i < b; i++) targets[i] = i;
        var loss = SoftmaxRowsInPlace(buffer, b, c, targets, logQ.ToArray(), candidateIds.ToArray());  // buffer = softmax
        return Tensor.FromOp("in_batch_softmax", [(float)loss], [1], [queries, candidates], o =>
        {
            var scale = o.Grad![0] / b;
            Parallel.For(0, (b + 63) / 64, Blas.ParallelOptions, chunk =>
            {
                for (var r = chunk * 64; r < Math.Min(b, chunk * 64 + 64); r++)
                {
                    var row = buffer.AsSpan(r * c, c);
                    TensorPrimitives.Multiply(row, scale, row);                // buffer = dL/dlogits = (softmax − onehot)/b
                    row[r] -= scale;
                }
            });
            // logits = α·Q·Cᵀ:  dQ = α·dL·C,  dC = α·dLᵀ·Q
            if (queries.RequiresGrad) Blas.Sgemm(false, false, b, d, c, alpha, buffer, c, candidates.Data, d, 1f, queries.GradSpan, d);
            if (candidates.RequiresGrad) Blas.Sgemm(true, false, c, d, b, alpha, buffer, c, queries.Data, d, 1f, candidates.GradSpan, d);
        });
    }

    /// <summary>
    /// Turns each row of <paramref name="buffer"/> (logits) into softmax(x − logQ) in place, with accidental hits masked,
    /// and returns the mean of −log softmax at the targets.
    /// </summary>
    private static double SoftmaxRowsInPlace(float[] buffer, int rows, int w, int[] tgt, float[] q, int[] ids)
    {
        var repeated = RepeatedIds(ids);                                       // only rows whose positive repeats need masking
        var rowLoss = new double[rows];
        Parallel.For(0, (rows + 63) / 64, Blas.ParallelOptions, chunk =>
        {
            for (var r = chunk * 64; r < Math.Min(rows, chunk * 64 + 64); r++)
            {
                var p = buffer.AsSpan(r * w, w);
                if (q.Length > 0) TensorPrimitives.Subtract(p, q, p);
                var positive = p[tgt[r]];
                if (repeated is not null && repeated.Contains(ids[tgt[r]]))
                    for (var j = 0; j < w; j++)
                        if (ids[j] == ids[tgt[r]] && j != tgt[r]) p[j] = float.NegativeInfinity;   // accidental hit
                var max = TensorPrimitives.Max(p);
                TensorPrimitives.Subtract(p, max, p);
                TensorPrimitives.Exp(p, p);
                var sum = TensorPrimitives.Sum(p);
                TensorPrimitives.Divide(p, sum, p);
                rowLoss[r] = -(positive - max - Math.Log(sum));                // −log softmax at the positive
            }
        });
        var loss = 0.0;
        foreach (var l in rowLoss) loss += l;                                  // fixed order: deterministic
        return loss / rows;
    }

    /// <summary>The candidate ids that occur more than once (null when none or no ids).</summary>
    private static HashSet<int>? RepeatedIds(int[] ids)
    {
        if (ids.Length == 0) return null;
        var seen = new HashSet<int>();
        HashSet<int>? repeated = null;
        foreach (var id in ids) if (!seen.Add(id)) (repeated ??= []).Add(id);
        return repeated;
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
