using ResearchKit.Tensors;
using ResearchKit.Tensors.Modules;

namespace ResearchKit.Models.Deep;

/// <summary>
/// One tower of a two-tower model: [id embedding ‖ features] → MLP → L2 normalisation. Ids without training data
/// (cold start) get a zero id embedding, so their vector comes from their features (and the MLP biases).
/// </summary>
public sealed class Tower : Module
{
    private readonly Embedding? _embedding;
    private readonly Mlp? _mlp;
    private readonly float[]? _features;
    private readonly int _featureColumns;

    /// <summary>Creates a tower over <paramref name="count"/> ids.</summary>
    public Tower(int count, int dim, (float[] RowMajor, int Columns)? features, int[] sizes, Activation activation, float dropout, Random rng)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (dim > 0) _embedding = Child("embedding", new Embedding(count, dim, rng));
        if (features is { } f)
        {
            if (f.RowMajor.Length != (long)count * f.Columns)
                throw new ArgumentException($"feature matrix has {f.RowMajor.Length / f.Columns} rows, expected one per id ({count}).");
            (_features, _featureColumns) = (f.RowMajor, f.Columns);
        }
        if (sizes.Length > 0) _mlp = Child("mlp", new Mlp([dim + _featureColumns, .. sizes], rng, activation, dropout));
        OutputSize = sizes.Length > 0 ? sizes[^1] : dim;
    }

    /// <summary>Size of the output vectors.</summary>
    public int OutputSize { get; }

    /// <summary>Whether the tower has side features.</summary>
    public bool HasFeatures => _features is not null;

    /// <summary>
    /// Unit vectors for <paramref name="ids"/> ([ids, OutputSize]). <paramref name="dropId"/> (or null) marks rows whose
    /// id embedding is replaced by zeros (cold ids, or id dropout in training).
    /// </summary>
    public Tensor Forward(int[] ids, bool[]? dropId = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var parts = new List<Tensor>(2);
        if (_embedding is not null)
        {
            var e = _embedding.Forward(ids);                                     // e: [n, dim]
            if (dropId is not null)
            {
                var keep = Tensor.Allocate(ids.Length);
                for (var i = 0; i < keep.Length; i++) keep[i] = dropId[i] ? 0f : 1f;
                e *= new Tensor(keep, [ids.Length, 1]);                          // zero dropped rows
            }
            parts.Add(e);
        }
        if (_features is not null)
        {
            var x = Tensor.Allocate(ids.Length * _featureColumns);                     // x: [n, features]
            for (var i = 0; i < ids.Length; i++) _features.AsSpan(ids[i] * _featureColumns, _featureColumns).CopyTo(x.AsSpan(i * _featureColumns));
            parts.Add(new Tensor(x, [ids.Length, _featureColumns]));
        }
        var h = parts.Count == 1 ? parts[0] : Tensor.Concat(1, [.. parts]);      // h: [n, dim + features]
        if (_mlp is not null) h = _mlp.Forward(h);                               // h: [n, out]
        return h.L2Normalize();                                                  // unit vectors: ⟨u, v⟩ is a cosine
    }
}
