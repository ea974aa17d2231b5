using ResearchKit.Models.Deep.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace ResearchKit.Models.Deep;

/// <summary>
/// One tower of a two-tower model: [id embedding ‖ features] → MLP → L2 normalisation. The id embedding table is a
/// buffer updated by <see cref="RowSparseAdam"/> (rows a batch touched only), so autograd sees only the gathered rows.
/// Ids without training data (cold start) get a zero id embedding, so their vector comes from their features.
/// </summary>
internal sealed class TowerModule : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Tensor? embedding;   // (count, dim) buffer; null when dim = 0
    private readonly Tensor? features;    // (count, f), not saved in checkpoints (it comes from the options)
    private readonly TorchMlp? mlp;

    public TowerModule(string name, int count, int dim, (float[] RowMajor, int Columns)? side, int[] sizes, Activation activation, float dropout, Generator generator, Device device)
        : base(name)
    {
        if (dim > 0) embedding = TorchLayers.NormalTable(count, dim, 0.1, generator, device);
        var columns = 0;
        if (side is { } f)
        {
            if (f.RowMajor.Length != (long)count * f.Columns)
                throw new ArgumentException($"{name} feature matrix has {f.RowMajor.Length / f.Columns} rows, expected one per id ({count}).");
            columns = f.Columns;
            features = tensor(f.RowMajor, [count, columns], device: device);
            register_buffer(nameof(features), features, persistent: false);
        }
        if (sizes.Length > 0)
        {
            mlp = new TorchMlp([dim + columns, .. sizes], activation, dropout, generator);   // initialised on the CPU generator
            mlp.to(device);
        }
        OutputSize = sizes.Length > 0 ? sizes[^1] : dim;
        Dim = dim;
        RegisterComponents();
    }

    /// <summary>Size of the output vectors.</summary>
    public int OutputSize { get; }

    /// <summary>Id-embedding size (0 = none).</summary>
    public int Dim { get; }

    /// <summary>Whether the tower has side features.</summary>
    public bool HasFeatures => features is not null;

    /// <summary>The id-embedding table (count, dim), or null.</summary>
    public Tensor? Embedding => embedding;

    /// <summary>Dropout masks in training come from this generator.</summary>
    public Generator? DropoutGenerator { set { if (mlp is not null) mlp.DropoutGenerator = value; } }

    /// <summary>
    /// Unit vectors (n, out) for <paramref name="ids"/> (n, int64) with gathered id embeddings <paramref name="e"/> (n, dim)
    /// (ignored when dim = 0; rows already zeroed for cold ids or id dropout).
    /// </summary>
    public override Tensor forward(Tensor e, Tensor ids)
    {
        Tensor h;
        if (features is null) h = e;                                                   // (n, dim)
        else
        {
            var x = features.index_select(0, ids);                                      // (n, f)
            h = Dim > 0 ? cat([e, x], 1) : x;                                           // (n, dim + f)
        }
        if (mlp is not null) h = mlp.call(h);                                           // (n, out)
        return nn.functional.normalize(h, p: 2, dim: 1, eps: 1e-12);                     // unit rows: ⟨u, v⟩ is a cosine
    }

    /// <summary>Evaluation-mode vectors for <paramref name="ids"/>; <paramref name="cold"/> marks ids whose id embedding is replaced by zeros.</summary>
    public Tensor Embed(long[] ids, bool[] cold, Device device)
    {
        var index = tensor(ids, device: device);                                       // (n)
        Tensor e = empty(0);
        if (embedding is not null)
        {
            e = embedding.index_select(0, index);                                      // (n, dim)
            if (cold.Any(c => c)) e = e * Keep(cold, device);
        }
        return forward(e, index);                                                      // (n, out)
    }

    /// <summary>(n, 1) mask: 0 where <paramref name="drop"/> is set, else 1.</summary>
    public static Tensor Keep(bool[] drop, Device device)
    {
        var keep = new float[drop.Length];
        for (var i = 0; i < keep.Length; i++) keep[i] = drop[i] ? 0f : 1f;
        return tensor(keep, [drop.Length, 1], device: device);
    }
}

/// <summary>Both towers of <see cref="TwoTowerRecommender"/> (names <c>user.*</c>, <c>item.*</c> in checkpoints).</summary>
internal sealed class TwoTowerNetwork : nn.Module
{
    private readonly TowerModule user;
    private readonly TowerModule item;

    public TwoTowerNetwork(TwoTowerOptions o, int users, int items, Generator generator, Device device) : base("twotower")
    {
        user = new TowerModule("user", users, o.Dim, o.UserFeatures, o.Tower, o.Activation, o.Dropout, generator, device);
        item = new TowerModule("item", items, o.Dim, o.ItemFeatures, o.Tower, o.Activation, o.Dropout, generator, device);
        RegisterComponents();
    }

    public TowerModule User => user;

    public TowerModule Item => item;
}
