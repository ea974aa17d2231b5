using System.Diagnostics;
using System.Globalization;
using ResearchKit.Numerics;
using ResearchKit.Tensors;
using ResearchKit.Tensors.Modules;
using ResearchKit.Tensors.Optimizers;

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
/// recommendations", RecSys 2019): a user tower and an item tower map [id embedding ‖ features] through an MLP to
/// unit vectors u, v; training minimises the in-batch sampled softmax of ⟨u, v⟩/τ with the logQ correction
/// (each candidate's logit minus log of its expected count among the negatives), optionally with shared uniform
/// negatives mixed in (Yang et al. 2020). Scores are cosines against precomputed item vectors, so all-user
/// scoring is one GEMM. Users and items without training data get a zero id embedding and are placed by their features.
/// </summary>
public sealed partial class TwoTowerRecommender : RecommenderBase, IFactorScorer
{
    private float[] _userVectors = [];
    private float[] _itemVectors = [];
    private int _size;
    private List<TwoTowerEpoch> _history = [];
    private float[] _workspace = [];
    private readonly TensorArena _arena = new();

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

    /// <summary>The networks of both towers (names <c>user.*</c>, <c>item.*</c> in checkpoints).</summary>
    private sealed class Network : Module
    {
        public Network(TwoTowerOptions o, int users, int items, Random rng)
        {
            User = Child("user", new Tower(users, o.Dim, o.UserFeatures, o.Tower, o.Activation, o.Dropout, rng));
            Item = Child("item", new Tower(items, o.Dim, o.ItemFeatures, o.Tower, o.Activation, o.Dropout, rng));
        }

        public Tower User { get; }

        public Tower Item { get; }
    }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var o = WithDataFeatures(Options, train);
        int users = train.UserCount, items = train.ItemCount;
        var net = new Network(o, users, items, new Random(o.Seed));
        var (pairUsers, pairItems, validation) = TrainingPairs(train, o.ValidationUsers, new Random(o.Seed + 1));
        var logQ = ItemLogFrequencies(pairItems, items);
        var embeddings = net.NamedParameters().Where(p => p.Parameter.SparseGradient).Select(p => p.Parameter).ToList();
        var dense = net.NamedParameters().Where(p => !p.Parameter.SparseGradient).Select(p => p.Parameter).ToList();
        var optimizers = new List<Optimizer>();
        if (embeddings.Count > 0) optimizers.Add(new Adam(embeddings, o.LearningRate));
        if (dense.Count > 0) optimizers.Add(new Adam(dense, o.LearningRate, weightDecay: o.WeightDecay));

        var batchesPerEpoch = (pairUsers.Length + o.BatchSize - 1) / o.BatchSize;
        var totalSteps = (long)batchesPerEpoch * o.Epochs;
        var state = new TrainingState();
        var checkpoint = o.CheckpointDirectory is null ? null : Path.Combine(o.CheckpointDirectory, "twotower.safetensors");
        var fingerprint = Fingerprint(o, users, items, pairUsers.Length);
        if (checkpoint is not null && File.Exists(checkpoint)) state = Resume(checkpoint, net, optimizers, fingerprint);
        _history = [.. state.History];
        double trainSeconds = 0; long trainExamples = 0;
        float[][]? best = state.BestParameters;

        for (var epoch = state.Epoch + 1; epoch <= o.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            net.Train();
            var rng = new Random(unchecked(o.Seed * 1_000_003 + epoch));
            var order = Permutation(pairUsers.Length, rng);
            var sw = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            double lossSum = 0; var batches = 0;
            for (var start = 0; start + 1 < order.Length; start += o.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var b = Math.Min(o.BatchSize, order.Length - start);
                var step = (long)(epoch - 1) * batchesPerEpoch + batches;
                var lr = o.LearningRate * o.ScheduleFactor(step, totalSteps);
                foreach (var opt in optimizers) opt.LearningRate = Math.Max(lr, 1e-8f);
                lossSum += TrainBatch(net, optimizers, pairUsers, pairItems, order.AsSpan(start, b), logQ, rng);
                batches++;
            }
            var seconds = sw.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            trainSeconds += seconds; trainExamples += order.Length;
            var recall = double.NaN;
            if (validation.Users.Length > 0)
            {
                recall = ValidationRecall(net, train, validation);
                if (recall > state.BestRecall) { state.BestRecall = recall; state.BestEpoch = epoch; best = Snapshot(net); }
            }
            var stats = new TwoTowerEpoch(epoch, lossSum / Math.Max(1, batches), order.Length / Math.Max(seconds, 1e-9), recall, cpuSeconds);
            _history.Add(stats);
            state.Epoch = epoch;
            state.History = [.. _history];
            var stop = validation.Users.Length > 0 && o.Patience > 0 && epoch - state.BestEpoch >= o.Patience;
            if (checkpoint is not null) SaveCheckpoint(checkpoint, net, optimizers, state, fingerprint, best);
            progress?.Report(new FitProgress(Name, epoch, o.Epochs, stats.Loss, string.Create(CultureInfo.InvariantCulture,
                $"epoch {epoch}: loss {stats.Loss:F4}, {stats.ExamplesPerSecond:N0} examples/s{(double.IsNaN(recall) ? "" : $", val recall@10 {recall:F4}")}{(stop ? ", early stop" : "")}")));
            if (stop) break;
        }
        if (best is not null) Restore(net, best);
        _workspace = [];
        ExamplesPerSecond = trainSeconds > 0 ? trainExamples / trainSeconds : 0;
        Precompute(net, train);
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

    /// <summary>One optimisation step on a batch of positive pairs; returns the batch loss.</summary>
    private float TrainBatch(Network net, List<Optimizer> optimizers, int[] pairUsers, int[] pairItems, ReadOnlySpan<int> batch, float[] logQ, Random rng)
    {
        var o = Options;
        var b = batch.Length;
        var items = logQ.Length;
        using var step = _arena.Step();                                         // the step's tensors reuse the last step's buffers
        var u = new int[b];
        var candidates = new int[b + o.RandomNegatives];                        // in-batch positives, then shared random negatives
        for (var i = 0; i < b; i++) { u[i] = pairUsers[batch[i]]; candidates[i] = pairItems[batch[i]]; }
        for (var i = b; i < candidates.Length; i++) candidates[i] = rng.Next(items);

        var userVec = net.User.Forward(u, IdDropout(net.User, b, rng));                         // [b, d]
        var itemVec = net.Item.Forward(candidates, IdDropout(net.Item, candidates.Length, rng)); // [b + R, d]

        float[] correction = [];
        if (o.LogQCorrection)
        {
            // Expected count of item j among a row's candidates: b·p_j in-batch plus R/N uniform draws.
            correction = new float[candidates.Length];
            var uniform = (double)o.RandomNegatives / items;
            for (var j = 0; j < candidates.Length; j++) correction[j] = (float)Math.Log(b * Math.Exp(logQ[candidates[j]]) + uniform);
        }
        // Softmax over ⟨u_i, v_j⟩/τ − log Q_j; row i's positive is column i (fused GEMM + loss, reusing one buffer).
        if (_workspace.Length < b * candidates.Length) _workspace = new float[b * candidates.Length];
        var loss = Losses.InBatchSoftmax(userVec, itemVec, o.Temperature, correction, candidates, _workspace);
        foreach (var opt in optimizers) opt.ZeroGrad();
        loss.Backward();
        foreach (var opt in optimizers) opt.Step();
        return loss.Item();
    }

    private bool[]? IdDropout(Tower tower, int n, Random rng)
    {
        if (!tower.HasFeatures || Options.IdDropout == 0f || Options.Dim == 0) return null;
        var drop = new bool[n];
        for (var i = 0; i < n; i++) drop[i] = rng.NextSingle() < Options.IdDropout;
        return drop;
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

    /// <summary>Computes every user and item vector (evaluation mode); ids without training data use features only.</summary>
    private void Precompute(Network net, TrainingSet train)
    {
        _size = net.User.OutputSize;
        _userVectors = Embed(net.User, train.UserItems);
        _itemVectors = Embed(net.Item, train.ItemUsers);
    }

    private static float[] Embed(Tower tower, Data.CsrMatrix interactions, int[]? subset = null)
    {
        tower.Eval();
        var ids = subset ?? Enumerable.Range(0, interactions.Rows).ToArray();
        var result = new float[ids.Length * tower.OutputSize];
        using var _ = Tensor.NoGrad();
        const int chunk = 4096;
        for (var s = 0; s < ids.Length; s += chunk)
        {
            var part = ids.AsSpan(s, Math.Min(chunk, ids.Length - s)).ToArray();
            var cold = new bool[part.Length];
            for (var i = 0; i < part.Length; i++) cold[i] = part[i] >= interactions.Rows || interactions.RowLength(part[i]) == 0;
            tower.Forward(part, cold).Data.CopyTo(result, s * tower.OutputSize);
        }
        tower.Train();
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
