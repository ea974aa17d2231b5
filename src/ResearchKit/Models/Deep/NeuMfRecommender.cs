using System.Globalization;
using ResearchKit.Tensors;
using ResearchKit.Tensors.Modules;
using ResearchKit.Tensors.Optimizers;

namespace ResearchKit.Models.Deep;

/// <summary>Hyperparameters of <see cref="NeuMfRecommender"/>; defaults in each member's doc.</summary>
public sealed record NeuMfOptions
{
    /// <summary>Size of the GMF user and item embeddings (default 16).</summary>
    public int Dim { get; init; } = 16;

    /// <summary>Size of the MLP branch's user and item embeddings (default 32).</summary>
    public int MlpDim { get; init; } = 32;

    /// <summary>Hidden sizes of the MLP branch, ReLU after each (default [64, 32, 16]).</summary>
    public int[] Layers { get; init; } = [64, 32, 16];

    /// <summary>Passes over the positive pairs (default 20).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Examples (positives and negatives) per batch (default 1024).</summary>
    public int BatchSize { get; init; } = 1024;

    /// <summary>Adam learning rate (default 0.001, as in He et al.).</summary>
    public float LearningRate { get; init; } = 0.001f;

    /// <summary>Decoupled weight decay on the dense weights (default 0).</summary>
    public float WeightDecay { get; init; }

    /// <summary>Uniformly sampled unobserved items per positive (default 4).</summary>
    public int Negatives { get; init; } = 4;

    /// <summary>Seed for initialisation and sampling (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Dim <= 0) throw new ArgumentException($"{nameof(Dim)} must be > 0, got {Dim}.");
        if (MlpDim <= 0) throw new ArgumentException($"{nameof(MlpDim)} must be > 0, got {MlpDim}.");
        if (Layers is null || Layers.Length == 0 || Layers.Any(l => l <= 0)) throw new ArgumentException($"{nameof(Layers)} must be one or more sizes > 0.");
        if (Epochs <= 0) throw new ArgumentException($"{nameof(Epochs)} must be > 0, got {Epochs}.");
        if (BatchSize <= 0) throw new ArgumentException($"{nameof(BatchSize)} must be > 0, got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be > 0, got {LearningRate}.");
        if (WeightDecay < 0) throw new ArgumentException($"{nameof(WeightDecay)} must be ≥ 0, got {WeightDecay}.");
        if (Negatives <= 0) throw new ArgumentException($"{nameof(Negatives)} must be > 0, got {Negatives}.");
    }
}

/// <summary>
/// Neural matrix factorisation (He et al., "Neural Collaborative Filtering", WWW 2017): a GMF branch p_u ⊙ q_i and an
/// MLP branch over [p'_u ‖ q'_i] are concatenated and mapped to one logit ŷ_ui = hᵀ[GMF ‖ MLP]; trained with binary
/// cross-entropy on observed pairs against uniformly sampled unobserved items.
/// </summary>
public sealed class NeuMfRecommender : RecommenderBase
{
    private Network? _net;

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public NeuMfRecommender(NeuMfOptions? options = null)
    {
        Options = options ?? new NeuMfOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public NeuMfOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "neumf";

    /// <summary>Mean training loss per epoch of the last fit.</summary>
    public IReadOnlyList<double> LossHistory { get; private set; } = [];

    private sealed class Network : Module
    {
        public Network(NeuMfOptions o, int users, int items, Random rng)
        {
            GmfUser = Child("gmf_user", new Embedding(users, o.Dim, rng, std: 0.01f));
            GmfItem = Child("gmf_item", new Embedding(items, o.Dim, rng, std: 0.01f));
            MlpUser = Child("mlp_user", new Embedding(users, o.MlpDim, rng, std: 0.01f));
            MlpItem = Child("mlp_item", new Embedding(items, o.MlpDim, rng, std: 0.01f));
            Mlp = Child("mlp", new Mlp([2 * o.MlpDim, .. o.Layers], rng));
            Predict = Child("predict", new Linear(o.Dim + o.Layers[^1], 1, rng));
        }

        public Embedding GmfUser { get; }
        public Embedding GmfItem { get; }
        public Embedding MlpUser { get; }
        public Embedding MlpItem { get; }
        public Mlp Mlp { get; }
        public Linear Predict { get; }

        /// <summary>Logits for pairs (users[i], items[i]) → [n, 1].</summary>
        public Tensor Forward(int[] users, int[] items)
        {
            var gmf = GmfUser.Forward(users) * GmfItem.Forward(items);                        // [n, dim]
            var mlp = Mlp.Forward(Tensor.Concat(1, MlpUser.Forward(users), MlpItem.Forward(items))).Relu(); // [n, last]
            return Predict.Forward(Tensor.Concat(1, gmf, mlp));                               // [n, 1]
        }
    }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var o = Options;
        var net = new Network(o, train.UserCount, train.ItemCount, new Random(o.Seed));
        var sparse = net.Parameters().Where(p => p.SparseGradient).ToList();
        var dense = net.Parameters().Where(p => !p.SparseGradient).ToList();
        Optimizer[] optimizers = [new Adam(sparse, o.LearningRate), new Adam(dense, o.LearningRate, weightDecay: o.WeightDecay)];
        var m = train.UserItems;
        var positives = new List<(int User, int Item)>(m.Nnz);
        for (var u = 0; u < m.Rows; u++) foreach (var i in m.RowIndices(u)) positives.Add((u, i));
        var seen = new HashSet<long>(positives.Select(p => (long)p.User * train.ItemCount + p.Item));
        var history = new List<double>();
        var perExample = 1 + o.Negatives;
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            var rng = new Random(unchecked(o.Seed * 1_000_003 + epoch));
            // Each positive with its sampled negatives, shuffled.
            var users = new int[positives.Count * perExample]; var items = new int[users.Length]; var labels = new float[users.Length];
            for (var p = 0; p < positives.Count; p++)
            {
                var (u, i) = positives[p];
                users[p * perExample] = u; items[p * perExample] = i; labels[p * perExample] = 1f;
                for (var n = 1; n <= o.Negatives; n++)
                {
                    int j;
                    do j = rng.Next(train.ItemCount); while (m.RowLength(u) < train.ItemCount && seen.Contains((long)u * train.ItemCount + j));
                    users[p * perExample + n] = u; items[p * perExample + n] = j;
                }
            }
            var order = Enumerable.Range(0, users.Length).ToArray();
            rng.Shuffle(order);
            var arena = new TensorArena();
            double lossSum = 0; var batches = 0;
            for (var s = 0; s < order.Length; s += o.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var idx = order.AsSpan(s, Math.Min(o.BatchSize, order.Length - s));
                var bu = new int[idx.Length]; var bi = new int[idx.Length]; var by = new float[idx.Length];
                for (var k = 0; k < idx.Length; k++) { bu[k] = users[idx[k]]; bi[k] = items[idx[k]]; by[k] = labels[idx[k]]; }
                using var step = arena.Step();                                  // the step's tensors reuse the last step's buffers
                var loss = Losses.BinaryCrossEntropyWithLogits(net.Forward(bu, bi), by);
                foreach (var opt in optimizers) opt.ZeroGrad();
                loss.Backward();
                foreach (var opt in optimizers) opt.Step();
                lossSum += loss.Item(); batches++;
            }
            history.Add(lossSum / batches);
            progress?.Report(new FitProgress(Name, epoch, o.Epochs, history[^1], string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: loss {history[^1]:F4}")));
        }
        net.Eval();
        _net = net;
        LossHistory = history;
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        var net = _net!;
        var n = scores.Length;
        using var _ = Tensor.NoGrad();
        const int chunk = 4096;
        for (var s = 0; s < n; s += chunk)
        {
            var len = Math.Min(chunk, n - s);
            var items = new int[len]; var users = new int[len];
            for (var k = 0; k < len; k++) { items[k] = s + k; users[k] = user; }
            net.Forward(users, items).Data.CopyTo(scores[s..]);
        }
    }
}
