using System.Diagnostics;
using System.Globalization;
using ResearchKit.Data;
using ResearchKit.Models.Deep.Torch;
using ResearchKit.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace ResearchKit.Models.Deep;

/// <summary>
/// SASRec (Kang &amp; McAuley, "Self-Attentive Sequential Recommendation", ICDM 2018) on TorchSharp. Each user's
/// training history is the sequence of their distinct items in order of first interaction (timestamp, ties by row
/// order), of which the last <see cref="SasRecOptions.MaxLength"/> are used. Causal self-attention blocks turn the
/// sequence into hidden states F_t; the score of item i after position t is F_t · M_i with M the shared item
/// embedding. Training: at every position the next item is the positive and <see cref="SasRecOptions.Negatives"/>
/// uniformly drawn items the user never interacted with are negatives, under binary cross-entropy
/// −log σ(F_t·M_pos) − Σ log(1 − σ(F_t·M_neg)) averaged over the non-padding positions; lazy Adam on the item rows a
/// batch touched, AdamW on the dense weights, both with β₂ from the options. After fitting, each user's last hidden
/// state and the item table are copied out, so scoring is a dot product on the kit's GEMM and fused top-k kernels.
/// </summary>
public sealed class SasRecRecommender : RecommenderBase, IFactorScorer, ITorchModel
{
    private float[] _userVectors = [];
    private float[] _itemVectors = [];
    private int[] _sequenceStart = [0];
    private int[] _sequenceItems = [];
    private SasRecNetwork? _net;
    private Device? _device;                                  // not torch.CPU here: that would load LibTorch before TorchRuntime

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public SasRecRecommender(SasRecOptions? options = null)
    {
        Options = options ?? new SasRecOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public SasRecOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "sasrec";

    /// <inheritdoc />
    public string? DeviceUsed { get; private set; }

    /// <summary>Mean training loss per epoch of the last fit.</summary>
    public IReadOnlyList<double> LossHistory { get; private set; } = [];

    /// <summary>Mean training throughput of the last fit: predicted positions (one positive and its negatives each) per second.</summary>
    public double ExamplesPerSecond { get; private set; }

    /// <summary>
    /// Each user's distinct training items in order of first interaction (timestamp, then row order), as CSR:
    /// user u's sequence is <c>items[start[u]..start[u + 1]]</c>.
    /// </summary>
    public static (int[] Start, int[] Items) Sequences(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var log = data.Interactions;
        var users = log.Users;
        var items = log.Items;
        var times = log.Timestamps.ToArray();
        var start = new int[data.UserCount + 1];
        foreach (var u in users) start[u + 1]++;
        for (var u = 0; u < data.UserCount; u++) start[u + 1] += start[u];
        var rows = new int[log.Count];
        var fill = start[..^1];
        for (var r = 0; r < log.Count; r++) rows[fill[users[r]]++] = r;
        Comparison<int> byTimeThenRow = (a, b) => times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b);
        var placed = new int[data.ItemCount];
        Array.Fill(placed, -1);
        var outStart = new int[data.UserCount + 1];
        var outItems = new List<int>(log.Count);
        for (var u = 0; u < data.UserCount; u++)
        {
            var segment = rows.AsSpan(start[u], start[u + 1] - start[u]);
            segment.Sort(byTimeThenRow);
            foreach (var r in segment)
            {
                if (placed[items[r]] == u) continue;                                // a repeat: the first interaction placed the item
                placed[items[r]] = u;
                outItems.Add(items[r]);
            }
            outStart[u + 1] = outItems.Count;
        }
        return (outStart, [.. outItems]);
    }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var o = Options;
        var device = TorchRuntime.ResolveDevice(o.Device);
        DeviceUsed = device.type == DeviceType.CUDA ? "cuda" : "cpu";
        (_sequenceStart, _sequenceItems) = Sequences(train.Data);
        var trainable = Enumerable.Range(0, train.UserCount).Where(u => _sequenceStart[u + 1] - _sequenceStart[u] >= 2).ToArray();
        if (trainable.Length == 0) throw new ArgumentException($"{Name}: no user of '{train.Data.Name}' has two or more distinct training items, so there is no next item to learn.");
        using var generator = new Generator(unchecked((ulong)o.Seed));
        var net = new SasRecNetwork(o, train.ItemCount, generator, device);
        var sparse = new RowSparseAdam(o.LearningRate, beta2: o.Beta2);
        sparse.Add(net.Items);
        using var dense = optim.AdamW(net.parameters(), o.LearningRate, beta2: o.Beta2, weight_decay: o.WeightDecay);
        using var meter = new LossMeter(device, Name, o.LearningRate);
        var rows = new DistinctRows(train.ItemCount + 1);
        var history = new List<double>();
        double seconds = 0; long examples = 0;
        try
        {
            for (var epoch = 1; epoch <= o.Epochs; epoch++)
            {
                net.train();
                var rng = new Random(unchecked(o.Seed * 1_000_003 + epoch));
                using var dropout = new Generator(unchecked((ulong)(o.Seed * 1_000_003L + epoch)));
                net.DropoutGenerator = dropout;
                rng.Shuffle(trainable);
                var sw = Stopwatch.StartNew();
                meter.Begin(epoch);
                for (var s = 0; s < trainable.Length; s += o.BatchSize)
                {
                    ct.ThrowIfCancellationRequested();
                    var batch = trainable.AsSpan(s, Math.Min(o.BatchSize, trainable.Length - s));
                    var (seq, pos, neg, count) = Batch(batch, train.UserItems, train.ItemCount, rng);
                    TrainBatch(net, sparse, dense, rows, seq, pos, neg, batch.Length, device, meter);
                    examples += count;
                }
                seconds += sw.Elapsed.TotalSeconds;
                net.DropoutGenerator = null;
                ThrowIfWeightsDiverged(net, epoch);
                history.Add(meter.EndEpoch());
                progress?.Report(new FitProgress(Name, epoch, o.Epochs, history[^1], string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch}: loss {history[^1]:F4}, {examples / Math.Max(seconds, 1e-9):N0} examples/s on {DeviceUsed}")));
            }
        }
        catch
        {
            net.Dispose();                                                          // native memory of a failed (diverged, cancelled) fit
            throw;
        }
        net.eval();
        LossHistory = history;
        ExamplesPerSecond = examples / Math.Max(seconds, 1e-9);
        _net?.Dispose();
        (_net, _device) = (net, device);
        _itemVectors = CopyItemVectors(net, train.ItemCount);
        _userVectors = UserVectors(train.UserCount);
    }

    /// <summary>
    /// Left-padded inputs (B·n) and next-item targets (B·n) in model ids (item + 1, 0 = padding), and negatives (B·n·m)
    /// the user never interacted with, for the last n + 1 items of each user's sequence; plus the number of targets.
    /// </summary>
    private (long[] Seq, long[] Pos, long[] Neg, int Count) Batch(ReadOnlySpan<int> users, CsrMatrix seen, int itemCount, Random rng)
    {
        int n = Options.MaxLength, m = Options.Negatives;
        var (seq, pos, neg) = (new long[users.Length * n], new long[users.Length * n], new long[users.Length * n * m]);
        var count = 0;
        for (var b = 0; b < users.Length; b++)
        {
            var u = users[b];
            var history = _sequenceItems.AsSpan(_sequenceStart[u], _sequenceStart[u + 1] - _sequenceStart[u]);
            var window = history[^Math.Min(history.Length, n + 1)..];               // inputs window[..^1], targets window[1..]
            var offset = b * n + n - (window.Length - 1);
            var rated = seen.RowIndices(u);
            var full = rated.Length >= itemCount;
            for (var t = 0; t < window.Length - 1; t++)
            {
                seq[offset + t] = window[t] + 1;
                pos[offset + t] = window[t + 1] + 1;
                for (var j = 0; j < m; j++)
                {
                    int item;
                    do item = rng.Next(itemCount); while (!full && rated.BinarySearch(item) >= 0);
                    neg[(offset + t) * m + j] = item + 1;
                }
            }
            count += window.Length - 1;
        }
        return (seq, pos, neg, count);
    }

    /// <summary>One step: the batch's item rows are gathered once into a leaf, so the item table's gradient is (rows, d).</summary>
    private void TrainBatch(SasRecNetwork net, RowSparseAdam sparse, optim.Optimizer dense, DistinctRows distinct,
        long[] seq, long[] pos, long[] neg, int b, Device device, LossMeter meter)
    {
        using var scope = NewDisposeScope();
        int n = Options.MaxLength, m = Options.Negatives;
        var (rowIds, inverse) = distinct.Of([.. seq, .. pos, .. neg]);
        var rows = tensor(rowIds, device: device);                                    // (u)
        var leaf = net.Items.index_select(0, rows).requires_grad_(true);              // (u, d)
        var gathered = leaf.index_select(0, tensor(inverse, device: device));         // (B·n·(2 + m), d)
        var parts = gathered.split([seq.Length, pos.Length, neg.Length]);
        var input = tensor(seq, [b, n], device: device);                              // (B, n)
        var h = net.Forward(parts[0].view(b, n, -1), input);                          // (B, n, d)
        var positive = (h * parts[1].view(b, n, -1)).sum(-1);                         // (B, n)
        var negative = (h.unsqueeze(2) * parts[2].view(b, n, m, -1)).sum(-1);        // (B, n, m)
        var valid = tensor(pos, [b, n], device: device).ne(0).to_type(h.dtype);      // (B, n)
        // BCE with logits: −log σ(s⁺) = softplus(−s⁺), −log(1 − σ(s⁻)) = softplus(s⁻).
        var perPosition = nn.functional.softplus(-positive) + nn.functional.softplus(negative).sum(-1); // (B, n)
        var loss = (perPosition * valid).sum() / valid.sum();
        dense.zero_grad();
        loss.backward();
        dense.step();
        sparse.Advance();
        sparse.Update(0, rows, leaf.grad!);
        meter.Add(loss);
    }

    private void ThrowIfWeightsDiverged(SasRecNetwork net, int epoch)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, t) in net.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(net.named_buffers()))
            if (t.is_floating_point() && !isfinite(t).all().item<bool>()) throw new TrainingDivergedException(Name, epoch, $"weights {name} are not finite", Options.LearningRate);
    }

    private static float[] CopyItemVectors(SasRecNetwork net, int itemCount)
    {
        using var scope = NewDisposeScope();
        return net.Items.narrow(0, 1, itemCount).cpu().contiguous().data<float>().ToArray(); // (items, d), padding row dropped
    }

    /// <summary>Each user's last hidden state over their last n training items (zeros for users without any).</summary>
    private float[] UserVectors(int userCount)
    {
        var d = Options.Dim;
        var result = new float[userCount * d];
        const int chunk = 512;
        for (var s = 0; s < userCount; s += chunk)
        {
            var count = Math.Min(chunk, userCount - s);
            var states = HiddenStates(s, count);                                          // (count, n, d) row-major
            var n = Options.MaxLength;
            for (var j = 0; j < count; j++)
                if (_sequenceStart[s + j + 1] > _sequenceStart[s + j]) states.AsSpan((j * n + n - 1) * d, d).CopyTo(result.AsSpan((s + j) * d));
        }
        return result;
    }

    /// <summary>Evaluation-mode hidden states (count, n, d), row-major, of users [first, first + count).</summary>
    private float[] HiddenStates(int first, int count)
    {
        var n = Options.MaxLength;
        var seq = new long[count * n];
        for (var j = 0; j < count; j++)
        {
            var u = first + j;
            var history = _sequenceItems.AsSpan(_sequenceStart[u], _sequenceStart[u + 1] - _sequenceStart[u]);
            var window = history[^Math.Min(history.Length, n)..];
            for (var t = 0; t < window.Length; t++) seq[j * n + n - window.Length + t] = window[t] + 1;
        }
        return HiddenStates(seq, count);
    }

    /// <summary>Evaluation-mode hidden states (count, n, d) of left-padded model-id sequences (count·n); for tests of the mask.</summary>
    internal float[] HiddenStates(long[] seq, int count)
    {
        var net = _net ?? throw new InvalidOperationException($"{Name}: call Fit first.");
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        return net.Forward(tensor(seq, [count, Options.MaxLength], device: _device!)).cpu().contiguous().data<float>().ToArray();
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores) =>
        Blas.Sgemv(false, ItemCount, Options.Dim, 1f, _itemVectors, Options.Dim, _userVectors.AsSpan(user * Options.Dim, Options.Dim), 0f, scores);

    /// <inheritdoc />
    int IFactorScorer.Factors => Options.Dim;

    ReadOnlySpan<float> IFactorScorer.ItemFactors => _itemVectors;

    ReadOnlySpan<float> IFactorScorer.ItemBias => [];

    /// <inheritdoc />
    public void GatherUserVectors(ReadOnlySpan<int> users, Span<float> vectors, Span<float> offsets)
    {
        var d = Options.Dim;
        if (vectors.Length < users.Length * d || offsets.Length < users.Length)
            throw new ArgumentException($"buffers must hold {users.Length} vectors of {d} and {users.Length} offsets.");
        for (var i = 0; i < users.Length; i++)
        {
            if ((uint)users[i] >= (uint)Train.UserCount) throw new ArgumentOutOfRangeException(nameof(users), users[i], $"user must be in [0, {Train.UserCount}).");
            _userVectors.AsSpan(users[i] * d, d).CopyTo(vectors.Slice(i * d, d));
            offsets[i] = 0f;
        }
    }

    /// <inheritdoc />
    public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores)
    {
        int n = ItemCount, d = Options.Dim;
        if (scores.Length < users.Length * n) throw new ArgumentException($"scores must hold {users.Length}×{n} values.", nameof(scores));
        var u = new float[users.Length * d];
        GatherUserVectors(users, u, new float[users.Length]);
        Blas.Sgemm(false, true, users.Length, n, d, 1f, u, d, _itemVectors, d, 0f, scores, n);
    }
}
