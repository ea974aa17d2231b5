using System.Globalization;
using ResearchKit.Models.Deep.Torch;
using TorchSharp;
using static TorchSharp.torch;

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

    /// <summary>Seed for initialisation and sampling (default 42). On the CPU, a seed and a LibTorch thread count give bit-identical results.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where to train and score: <c>cpu</c>, <c>cuda</c> or <c>auto</c> (default: CUDA where available).</summary>
    public string Device { get; init; } = "auto";

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
        if (Device is not ("cpu" or "cuda" or "auto")) throw new ArgumentException($"{nameof(Device)} must be cpu, cuda or auto, got '{Device}'.");
        if (Negatives <= 0) throw new ArgumentException($"{nameof(Negatives)} must be > 0, got {Negatives}.");
    }
}

/// <summary>The NeuMF network; the four id tables are buffers updated by <see cref="RowSparseAdam"/>.</summary>
internal sealed class NeuMfNetwork : nn.Module
{
    private readonly Tensor gmf_user, gmf_item, mlp_user, mlp_item;   // (users|items, dim|mlpDim)
    private readonly TorchMlp mlp;
    private readonly TorchSharp.Modules.Linear predict;

    public NeuMfNetwork(NeuMfOptions o, int users, int items, Generator generator, Device device) : base("neumf")
    {
        gmf_user = TorchLayers.NormalTable(users, o.Dim, 0.01, generator, device);
        gmf_item = TorchLayers.NormalTable(items, o.Dim, 0.01, generator, device);
        mlp_user = TorchLayers.NormalTable(users, o.MlpDim, 0.01, generator, device);
        mlp_item = TorchLayers.NormalTable(items, o.MlpDim, 0.01, generator, device);
        mlp = new TorchMlp([2 * o.MlpDim, .. o.Layers], Activation.Relu, 0, generator);
        predict = nn.Linear(o.Dim + o.Layers[^1], 1);
        TorchLayers.InitLinear(predict, generator);
        RegisterComponents();
        mlp.to(device);
        predict.to(device);
    }

    /// <summary>The id tables in a fixed order: GMF user, GMF item, MLP user, MLP item.</summary>
    public Tensor[] Tables => [gmf_user, gmf_item, mlp_user, mlp_item];

    /// <summary>Logits (n) for pairs given their gathered embeddings, each (n, dim) or (n, mlpDim).</summary>
    public Tensor Forward(Tensor gu, Tensor gi, Tensor mu, Tensor mi)
    {
        var gmf = gu * gi;                                                     // (n, dim)
        var h = nn.functional.relu(mlp.call(cat([mu, mi], 1)));                // (n, last)
        return predict.call(cat([gmf, h], 1)).squeeze(1);                      // (n)
    }

    /// <summary>Evaluation logits (n) for (users[i], items[i]).</summary>
    public Tensor Forward(Tensor users, Tensor items) =>
        Forward(gmf_user.index_select(0, users), gmf_item.index_select(0, items), mlp_user.index_select(0, users), mlp_item.index_select(0, items));
}

/// <summary>
/// Neural matrix factorisation (He et al., "Neural Collaborative Filtering", WWW 2017) on TorchSharp: a GMF branch
/// p_u ⊙ q_i and an MLP branch over [p'_u ‖ q'_i] are concatenated and mapped to one logit ŷ_ui = hᵀ[GMF ‖ MLP];
/// trained with binary cross-entropy on observed pairs against uniformly sampled unobserved items (lazy Adam on the
/// embedding rows a batch touched, AdamW on the dense layers). Scoring runs the network over every item.
/// </summary>
public sealed class NeuMfRecommender : RecommenderBase, ITorchModel
{
    private NeuMfNetwork? _net;
    private Device? _device;                                  // not torch.CPU here: that would load LibTorch before TorchRuntime (crashed kit experiment --models neumf)
    private Tensor? _allItems;

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

    /// <inheritdoc />
    public string? DeviceUsed { get; private set; }

    /// <summary>Mean training loss per epoch of the last fit.</summary>
    public IReadOnlyList<double> LossHistory { get; private set; } = [];

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var o = Options;
        var device = TorchRuntime.ResolveDevice(o.Device);
        DeviceUsed = device.type == DeviceType.CUDA ? "cuda" : "cpu";
        using var generator = new Generator(unchecked((ulong)o.Seed));
        var net = new NeuMfNetwork(o, train.UserCount, train.ItemCount, generator, device);
        var sparse = new RowSparseAdam(o.LearningRate);
        foreach (var table in net.Tables) sparse.Add(table);
        using var dense = optim.AdamW(net.parameters(), o.LearningRate, weight_decay: o.WeightDecay);
        using var meter = new LossMeter(device, Name, o.LearningRate);
        var (userRows, itemRows) = (new DistinctRows(train.UserCount), new DistinctRows(train.ItemCount));
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
            var users = new long[positives.Count * perExample]; var items = new long[users.Length]; var labels = new float[users.Length];
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
            meter.Begin(epoch);
            for (var s = 0; s < order.Length; s += o.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var len = Math.Min(o.BatchSize, order.Length - s);
                var bu = new long[len]; var bi = new long[len]; var by = new float[len];
                for (var k = 0; k < len; k++) { var x = order[s + k]; bu[k] = users[x]; bi[k] = items[x]; by[k] = labels[x]; }
                TrainBatch(net, sparse, dense, userRows.Of(bu), itemRows.Of(bi), by, device, meter);
            }
            history.Add(meter.EndEpoch());
            progress?.Report(new FitProgress(Name, epoch, o.Epochs, history[^1], string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}: loss {history[^1]:F4} on {DeviceUsed}")));
        }
        net.eval();
        _net?.Dispose();
        _net = net;
        _device = device;
        _allItems = arange(train.ItemCount, ScalarType.Int64, device);
        LossHistory = history;
    }

    /// <summary>One step on a batch given as distinct rows + inverse indices per id side; returns the batch loss.</summary>
    private static void TrainBatch(NeuMfNetwork net, RowSparseAdam sparse, optim.Optimizer dense,
        (long[] Rows, long[] Inverse) users, (long[] Rows, long[] Inverse) items, float[] labels, Device device, LossMeter meter)
    {
        using var scope = NewDisposeScope();
        var tables = net.Tables;
        Tensor[] rows = [tensor(users.Rows, device: device), tensor(items.Rows, device: device)];      // (u), (i)
        Tensor[] inverse = [tensor(users.Inverse, device: device), tensor(items.Inverse, device: device)]; // (n), (n)
        var leaves = new Tensor[4];
        var gathered = new Tensor[4];
        for (var t = 0; t < 4; t++)
        {
            var side = t % 2;                                                   // 0: user table, 1: item table
            leaves[t] = tables[t].index_select(0, rows[side]).requires_grad_(true); // (distinct, dim)
            gathered[t] = leaves[t].index_select(0, inverse[side]);              // (n, dim)
        }
        var logits = net.Forward(gathered[0], gathered[1], gathered[2], gathered[3]);                   // (n)
        var loss = nn.functional.binary_cross_entropy_with_logits(logits, tensor(labels, device: device));
        dense.zero_grad();
        loss.backward();
        dense.step();
        sparse.Advance();
        for (var t = 0; t < 4; t++) sparse.Update(t, rows[t % 2], leaves[t].grad!);
        meter.Add(loss);
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        var net = _net!;
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var users = full(scores.Length, user, ScalarType.Int64, _device!);      // (items)
        var logits = net.Forward(users, _allItems!).cpu();                     // (items)
        logits.data<float>().CopyTo(scores);
    }
}
