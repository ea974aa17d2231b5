using System.Diagnostics;
using System.Globalization;
using ResearchKit.Models.Deep.Torch;
using ResearchKit.Numerics;
using TorchSharp;
using static TorchSharp.torch;

namespace ResearchKit.Models.Deep;

/// <summary>One epoch of two-tower training.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Loss">Mean sampled-softmax loss over the epoch's batches.</param>
/// <param name="ExamplesPerSecond">Training throughput (positive pairs per second).</param>
/// <param name="ValidationRecall">recall@10 of the held-out validation items, or NaN without validation.</param>
/// <param name="CpuSeconds">Processor time the whole process used during the epoch's training (all threads; robust to a busy machine).</param>
public readonly record struct TwoTowerEpoch(int Epoch, double Loss, double ExamplesPerSecond, double ValidationRecall, double CpuSeconds = double.NaN);

/// <summary>
/// Two-tower retrieval model (Yi et al., "Sampling-bias-corrected neural modeling for large corpus item
/// recommendations", RecSys 2019) on TorchSharp: a user tower and an item tower map [id embedding ‖ features] through
/// an MLP to unit vectors u, v; training minimises the in-batch sampled softmax of ⟨u, v⟩/τ with the logQ correction
/// (each candidate's logit minus log of its expected count among the negatives) and accidental hits masked, optionally
/// with shared uniform negatives mixed in (Yang et al. 2020). The fitted vectors are copied out once, so scoring is
/// the kit's GEMM and fused top-k kernels. Users and items without training data get a zero id embedding and are
/// placed by their features.
/// </summary>
public sealed partial class TwoTowerRecommender : RecommenderBase, IFactorScorer, ITorchModel
{
    private float[] _userVectors = [];
    private float[] _itemVectors = [];
    private int _size;
    private List<TwoTowerEpoch> _history = [];

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public TwoTowerRecommender(TwoTowerOptions? options = null)
    {
        Options = options ?? new TwoTowerOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public TwoTowerOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "twotower";

    /// <inheritdoc />
    public string? DeviceUsed { get; private set; }

    /// <summary>Per-epoch loss, throughput and validation recall of the last fit.</summary>
    public IReadOnlyList<TwoTowerEpoch> History => _history;

    /// <summary>Size of the user and item vectors.</summary>
    public int EmbeddingSize => _size;

    /// <summary>Unit item vectors after fitting, row-major [items, <see cref="EmbeddingSize"/>].</summary>
    public ReadOnlySpan<float> ItemVectors => _itemVectors;

    /// <summary>Unit user vectors after fitting, row-major [users, <see cref="EmbeddingSize"/>].</summary>
    public ReadOnlySpan<float> UserVectors => _userVectors;

    /// <summary>Mean training throughput (positive pairs per second) of the last fit, validation excluded.</summary>
    public double ExamplesPerSecond { get; private set; }

    /// <summary>What one fit holds while it trains.</summary>
    private sealed class Run(TwoTowerNetwork net, Device device, RowSparseAdam sparse, TorchSharp.Modules.OptimizerHelper? dense, int userTable, int itemTable, int users, int items)
    {
        public TwoTowerNetwork Net { get; } = net;
        public Device Device { get; } = device;
        public RowSparseAdam Sparse { get; } = sparse;
        public TorchSharp.Modules.OptimizerHelper? Dense { get; } = dense;
        public int UserTable { get; } = userTable;
        public int ItemTable { get; } = itemTable;
        public DistinctRows UserRows { get; } = new(users);
        public DistinctRows ItemRows { get; } = new(items);
    }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var o = WithDataFeatures(Options, train);
        var device = TorchRuntime.ResolveDevice(o.Device);
        DeviceUsed = device.type == DeviceType.CUDA ? "cuda" : "cpu";
        int users = train.UserCount, items = train.ItemCount;
        using var generator = new Generator(unchecked((ulong)o.Seed));
        using var net = new TwoTowerNetwork(o, users, items, generator, device);
        var (pairUsers, pairItems, validation) = TrainingPairs(train, o.ValidationUsers, new Random(o.Seed + 1));
        var logQ = ItemLogFrequencies(pairItems, items);
        var sparse = new RowSparseAdam(o.LearningRate);
        var userTable = net.User.Embedding is { } ue ? sparse.Add(ue) : -1;
        var itemTable = net.Item.Embedding is { } ie ? sparse.Add(ie) : -1;
        var parameters = net.parameters().ToList();
        using var dense = parameters.Count > 0 ? optim.AdamW(parameters, o.LearningRate, weight_decay: o.WeightDecay) : null;
        using var meter = new LossMeter(device, Name, o.LearningRate);
        var run = new Run(net, device, sparse, dense, userTable, itemTable, users, items);

        var batchesPerEpoch = (pairUsers.Length + o.BatchSize - 1) / o.BatchSize;
        var totalSteps = (long)batchesPerEpoch * o.Epochs;
        var state = new TrainingState();
        var checkpoint = o.CheckpointDirectory is null ? null : Path.Combine(o.CheckpointDirectory, CheckpointFile);
        var fingerprint = Fingerprint(o, users, items, pairUsers.Length);
        if (checkpoint is not null && File.Exists(checkpoint)) state = Resume(checkpoint, run, fingerprint);
        _history = [.. state.History];
        double trainSeconds = 0; long trainExamples = 0;
        var best = state.BestParameters;

        for (var epoch = state.Epoch + 1; epoch <= o.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            net.train();
            var rng = new Random(unchecked(o.Seed * 1_000_003 + epoch));
            using var dropout = new Generator(unchecked((ulong)(o.Seed * 1_000_003L + epoch)));
            net.User.DropoutGenerator = dropout; net.Item.DropoutGenerator = dropout;
            var order = Permutation(pairUsers.Length, rng);
            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var batches = 0;
            meter.Begin(epoch);
            for (var start = 0; start + 1 < order.Length; start += o.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var b = Math.Min(o.BatchSize, order.Length - start);
                var step = (long)(epoch - 1) * batchesPerEpoch + batches;
                var lr = Math.Max(o.LearningRate * o.ScheduleFactor(step, totalSteps), 1e-8f);
                sparse.LearningRate = lr;
                if (dense is not null) foreach (var group in dense.ParamGroups) group.LearningRate = lr;
                TrainBatch(run, o, pairUsers, pairItems, order.AsSpan(start, b), logQ, rng, meter);
                batches++;
            }
            var loss = meter.EndEpoch();
            var seconds = sw.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            net.User.DropoutGenerator = null; net.Item.DropoutGenerator = null;
            ThrowIfWeightsDiverged(net, epoch, o.LearningRate);
            trainSeconds += seconds; trainExamples += order.Length;
            var recall = double.NaN;
            if (validation.Users.Length > 0)
            {
                recall = ValidationRecall(net, train, validation, device);
                if (recall > state.BestRecall) { state.BestRecall = recall; state.BestEpoch = epoch; best = Snapshot(net); }
            }
            var stats = new TwoTowerEpoch(epoch, loss, order.Length / Math.Max(seconds, 1e-9), recall, cpuSeconds);
            _history.Add(stats);
            state.Epoch = epoch;
            state.History = [.. _history];
            var stop = validation.Users.Length > 0 && o.Patience > 0 && epoch - state.BestEpoch >= o.Patience;
            if (checkpoint is not null) SaveCheckpoint(checkpoint, run, state, fingerprint, best);
            progress?.Report(new FitProgress(Name, epoch, o.Epochs, stats.Loss, string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: loss {stats.Loss:F4}, {stats.ExamplesPerSecond:N0} examples/s on {DeviceUsed}{(double.IsNaN(recall) ? "" : $", val recall@10 {recall:F4}")}{(stop ? ", early stop" : "")}")));
            if (stop) break;
        }
        if (best is not null) Restore(net, best);
        ExamplesPerSecond = trainSeconds > 0 ? trainExamples / trainSeconds : 0;
        _size = net.User.OutputSize;
        _userVectors = Embed(net.User, train.UserItems, device);
        _itemVectors = Embed(net.Item, train.ItemUsers, device);
    }

    /// <summary>The options with features built from <paramref name="train"/> where <see cref="TwoTowerOptions.FeaturesFromData"/> asks for them.</summary>
    private static TwoTowerOptions WithDataFeatures(TwoTowerOptions o, TrainingSet train)
    {
        if (!o.FeaturesFromData) return o;
        static (float[], int) Standardised(Features.FeatureSet raw)
        {
            var f = new Features.Transforms.FeaturePipeline(new Features.Transforms.Imputer(Features.Transforms.ImputeStrategy.Median),
                new Features.Transforms.StandardScaler()).FitTransform(raw);
            return (f.ToRowMajor(), f.ColumnCount);
        }
        return o with
        {
            UserFeatures = o.UserFeatures ?? Standardised(Features.UserFeatures.Build(train.Data)),
            ItemFeatures = o.ItemFeatures ?? Standardised(Features.ItemFeatures.Build(train.Data)),
        };
    }

    /// <summary>One optimisation step on a batch of positive pairs; its loss goes to <paramref name="meter"/>.</summary>
    private static void TrainBatch(Run run, TwoTowerOptions o, int[] pairUsers, int[] pairItems, ReadOnlySpan<int> batch, float[] logQ, Random rng, LossMeter meter)
    {
        var b = batch.Length;
        var items = logQ.Length;
        var c = b + o.RandomNegatives;
        var u = new long[b];
        var candidates = new long[c];                                           // in-batch positives, then shared random negatives
        for (var i = 0; i < b; i++) { u[i] = pairUsers[batch[i]]; candidates[i] = pairItems[batch[i]]; }
        for (var i = b; i < c; i++) candidates[i] = rng.Next(items);
        var userDrop = IdDropout(run.Net.User, o, b, rng);
        var itemDrop = IdDropout(run.Net.Item, o, c, rng);

        using var scope = NewDisposeScope();
        var (userLeaf, userE) = Gather(run.Net.User, run.UserRows, u, userDrop, run.Device);        // leaf (uu, dim); e (b, dim)
        var (itemLeaf, itemE) = Gather(run.Net.Item, run.ItemRows, candidates, itemDrop, run.Device); // leaf (ui, dim); e (c, dim)
        var userVec = run.Net.User.call(userE, tensor(u, device: run.Device));                      // (b, d)
        var itemVec = run.Net.Item.call(itemE, tensor(candidates, device: run.Device));             // (c, d)
        var logits = userVec.matmul(itemVec.t()).div_(o.Temperature);                              // (b, c): ⟨u_i, v_j⟩/τ
        if (o.LogQCorrection)
        {
            // Expected count of item j among a row's candidates: b·p_j in-batch plus R/N uniform draws.
            var correction = new float[c];
            var uniform = (double)o.RandomNegatives / items;
            for (var j = 0; j < c; j++) correction[j] = (float)Math.Log(b * Math.Exp(logQ[candidates[j]]) + uniform);
            logits = logits - tensor(correction, device: run.Device);                             // (b, c) − (c)
        }
        if (HasRepeats(candidates, run.ItemRows))
        {
            // Accidental hits: another column holding row i's positive item is not a negative for row i.
            var ids = tensor(candidates, device: run.Device);                                     // (c)
            var same = ids.narrow(0, 0, b).unsqueeze(1).eq(ids.unsqueeze(0));                      // (b, c)
            same = same.logical_and(eye(b, c, ScalarType.Bool, run.Device).logical_not());
            logits = logits.masked_fill(same, float.NegativeInfinity);
        }
        var loss = nn.functional.cross_entropy(logits, arange(b, ScalarType.Int64, run.Device));  // row i's positive is column i
        run.Dense?.zero_grad();
        loss.backward();
        run.Dense?.step();
        run.Sparse.Advance();
        if (userLeaf is not null) run.Sparse.Update(run.UserTable, userLeaf.Value.Rows, userLeaf.Value.Leaf.grad!);
        if (itemLeaf is not null) run.Sparse.Update(run.ItemTable, itemLeaf.Value.Rows, itemLeaf.Value.Leaf.grad!);
        meter.Add(loss);
    }

    /// <summary>
    /// The batch's id embeddings as a gather from a leaf holding each distinct row once, so the gradient is (rows, dim)
    /// rather than the whole table; dropped rows are zeroed. Returns (null, empty) for a tower without id embeddings.
    /// </summary>
    private static ((Tensor Rows, Tensor Leaf)? Leaf, Tensor E) Gather(TowerModule tower, DistinctRows distinct, long[] ids, bool[]? drop, Device device)
    {
        if (tower.Embedding is not { } table) return (null, empty(0));
        var (rows, inverse) = distinct.Of(ids);
        var rowIndex = tensor(rows, device: device);                                             // (u)
        var leaf = table.index_select(0, rowIndex).requires_grad_(true);                         // (u, dim)
        var e = leaf.index_select(0, tensor(inverse, device: device));                           // (n, dim)
        if (drop is not null) e = e * TowerModule.Keep(drop, device);                            // (n, dim) with dropped rows zero
        return ((rowIndex, leaf), e);
    }

    private static bool HasRepeats(long[] ids, DistinctRows distinct) => distinct.Of(ids).Rows.Length < ids.Length;

    private static bool[]? IdDropout(TowerModule tower, TwoTowerOptions o, int n, Random rng)
    {
        if (!tower.HasFeatures || o.IdDropout == 0f || o.Dim == 0) return null;
        var drop = new bool[n];
        for (var i = 0; i < n; i++) drop[i] = rng.NextSingle() < o.IdDropout;
        return drop;
    }

    /// <summary>Throws when a weight of either tower is NaN or infinite (checked once per epoch).</summary>
    private void ThrowIfWeightsDiverged(TwoTowerNetwork net, int epoch, float lr)
    {
        using var scope = NewDisposeScope();
        foreach (var (name, t) in net.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(net.named_buffers()))
            if (!isfinite(t).all().item<bool>()) throw new TrainingDivergedException(Name, epoch, $"weights {name} are not finite", lr);
    }

    /// <summary>Distinct (user, item) training pairs, minus one held-out item for each of up to <paramref name="validationUsers"/> users.</summary>
    private static (int[] Users, int[] Items, (int[] Users, int[] Items) Validation) TrainingPairs(TrainingSet train, int validationUsers, Random rng)
    {
        var m = train.UserItems;
        var heldOut = new Dictionary<int, int>();
        if (validationUsers > 0)
        {
            var eligible = Enumerable.Range(0, m.Rows).Where(u => m.RowLength(u) >= 2).ToArray();
            rng.Shuffle(eligible);
            foreach (var u in eligible.Take(validationUsers)) heldOut[u] = m.RowIndices(u)[rng.Next(m.RowLength(u))];
        }
        var users = new List<int>(m.Nnz); var items = new List<int>(m.Nnz);
        for (var u = 0; u < m.Rows; u++)
            foreach (var i in m.RowIndices(u))
                if (!heldOut.TryGetValue(u, out var h) || h != i) { users.Add(u); items.Add(i); }
        var vu = heldOut.Keys.Order().ToArray();
        return ([.. users], [.. items], (vu, vu.Select(u => heldOut[u]).ToArray()));
    }

    /// <summary>log p_j, the item's share of the training pairs (ε for items never seen).</summary>
    private static float[] ItemLogFrequencies(int[] pairItems, int items)
    {
        var counts = new double[items];
        foreach (var i in pairItems) counts[i]++;
        var logQ = new float[items];
        for (var i = 0; i < items; i++) logQ[i] = (float)Math.Log(Math.Max(counts[i], 1e-3) / Math.Max(1, pairItems.Length));
        return logQ;
    }

    private static int[] Permutation(int n, Random rng)
    {
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        rng.Shuffle(order);
        return order;
    }

    /// <summary>Evaluation-mode vectors of <paramref name="subset"/> (default every id), copied to the host; ids without training data use features only.</summary>
    private static float[] Embed(TowerModule tower, Data.CsrMatrix interactions, Device device, int[]? subset = null)
    {
        tower.eval();
        var ids = subset ?? Enumerable.Range(0, interactions.Rows).ToArray();
        var result = new float[ids.Length * tower.OutputSize];
        using (no_grad())
        {
            const int chunk = 4096;
            for (var s = 0; s < ids.Length; s += chunk)
            {
                using var scope = NewDisposeScope();
                var n = Math.Min(chunk, ids.Length - s);
                var part = new long[n]; var cold = new bool[n];
                for (var i = 0; i < n; i++) { part[i] = ids[s + i]; cold[i] = ids[s + i] >= interactions.Rows || interactions.RowLength(ids[s + i]) == 0; }
                var vectors = tower.Embed(part, cold, device).cpu();                              // (n, out)
                vectors.data<float>().ToArray().CopyTo(result, s * tower.OutputSize);
            }
        }
        tower.train();
        return result;
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores) =>
        Blas.Sgemv(false, ItemCount, _size, 1f, _itemVectors, _size, _userVectors.AsSpan(user * _size, _size), 0f, scores);

    /// <inheritdoc />
    int IFactorScorer.Factors => _size;

    ReadOnlySpan<float> IFactorScorer.ItemFactors => _itemVectors;

    ReadOnlySpan<float> IFactorScorer.ItemBias => [];

    /// <inheritdoc />
    public void GatherUserVectors(ReadOnlySpan<int> users, Span<float> vectors, Span<float> offsets)
    {
        if (vectors.Length < users.Length * _size || offsets.Length < users.Length)
            throw new ArgumentException($"buffers must hold {users.Length} vectors of {_size} and {users.Length} offsets.");
        for (var i = 0; i < users.Length; i++)
        {
            if ((uint)users[i] >= (uint)Train.UserCount) throw new ArgumentOutOfRangeException(nameof(users), users[i], $"user must be in [0, {Train.UserCount}).");
            _userVectors.AsSpan(users[i] * _size, _size).CopyTo(vectors.Slice(i * _size, _size));
            offsets[i] = 0f;
        }
    }

    /// <inheritdoc />
    public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores)
    {
        var n = ItemCount;
        if (scores.Length < users.Length * n) throw new ArgumentException($"scores must hold {users.Length}×{n} values.", nameof(scores));
        var u = new float[users.Length * _size];
        for (var i = 0; i < users.Length; i++)
        {
            if ((uint)users[i] >= (uint)Train.UserCount) throw new ArgumentOutOfRangeException(nameof(users), users[i], $"user must be in [0, {Train.UserCount}).");
            _userVectors.AsSpan(users[i] * _size, _size).CopyTo(u.AsSpan(i * _size));
        }
        Blas.Sgemm(false, true, users.Length, n, _size, 1f, u, _size, _itemVectors, _size, 0f, scores, n);
    }
}
