using ResearchKit.Models.Deep.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace ResearchKit.Models.Deep;

/// <summary>
/// One SASRec block (Kang &amp; McAuley 2018, §III-C/D): x ← x + Dropout(SA(LN(x))), then x ← x + Dropout(FFN(LN(x))),
/// with SA the scaled dot-product self-attention of <c>heads</c> heads over the allowed (earlier, non-padding) positions
/// and FFN(h) = ReLU(h W₁ + b₁) W₂ + b₂ applied to each position alone.
/// </summary>
internal sealed class SasRecBlock : nn.Module
{
    private readonly TorchSharp.Modules.LayerNorm attention_norm, feed_forward_norm;
    private readonly TorchSharp.Modules.Linear query, key, value, inner, outer;
    private readonly int _heads;
    private readonly double _dropout;

    public SasRecBlock(int dim, int heads, double dropout, Generator generator) : base("block")
    {
        attention_norm = nn.LayerNorm(dim, eps: 1e-8);
        feed_forward_norm = nn.LayerNorm(dim, eps: 1e-8);
        (query, key, value, inner, outer) = (nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim), nn.Linear(dim, dim));
        foreach (var layer in new[] { query, key, value, inner, outer }) TorchLayers.InitLinear(layer, generator);
        (_heads, _dropout) = (heads, dropout);
        RegisterComponents();
    }

    /// <summary>x (B, T, d), allowed (B, 1, T, T) true where position t may attend to s → (B, T, d).</summary>
    public Tensor Forward(Tensor x, Tensor allowed, Generator? dropout)
    {
        long b = x.shape[0], t = x.shape[1], d = x.shape[2], dh = d / _heads;
        var p = training ? dropout : null;
        var h = attention_norm.call(x);                                                   // (B, T, d)
        var q = query.call(h).view(b, t, _heads, dh).transpose(1, 2);                     // (B, H, T, dh)
        var k = key.call(h).view(b, t, _heads, dh).transpose(1, 2);                       // (B, H, T, dh)
        var v = value.call(h).view(b, t, _heads, dh).transpose(1, 2);                     // (B, H, T, dh)
        var weights = q.matmul(k.transpose(2, 3)).div_(Math.Sqrt(dh))                     // (B, H, T, T)
            .masked_fill(allowed.logical_not(), float.NegativeInfinity).softmax(-1);
        weights = TorchLayers.Dropout(weights, _dropout, p);
        var attended = weights.matmul(v).transpose(1, 2).reshape(b, t, d);               // (B, T, d): heads concatenated
        x = x + TorchLayers.Dropout(attended, _dropout, p);                               // (B, T, d)
        var f = nn.functional.relu(inner.call(feed_forward_norm.call(x)));                // (B, T, d)
        f = outer.call(TorchLayers.Dropout(f, _dropout, p));                              // (B, T, d)
        return x + TorchLayers.Dropout(f, _dropout, p);                                   // (B, T, d)
    }
}

/// <summary>
/// The SASRec network: item embedding (row 0 = padding, item i at row i + 1; a buffer updated by
/// <see cref="RowSparseAdam"/>) scaled by √d plus a learned position embedding, <c>blocks</c> causal self-attention
/// blocks, a final LayerNorm. The same item table scores the output: logit(t, i) = F_t · M_{i+1}.
/// </summary>
internal sealed class SasRecNetwork : nn.Module
{
    private readonly Tensor items;                                             // (items + 1, d) buffer
    private readonly TorchSharp.Modules.Parameter positions;                   // (n, d)
    private readonly TorchSharp.Modules.ModuleList<SasRecBlock> blocks;
    private readonly TorchSharp.Modules.LayerNorm final_norm;
    private readonly Tensor causal;                                            // (n, n) bool, s ≤ t
    private readonly double _dropout, _scale;

    public SasRecNetwork(SasRecOptions o, int itemCount, Generator generator, Device device) : base("sasrec")
    {
        var std = 1 / Math.Sqrt(o.Dim);                                        // √d·M has unit-variance entries, like the LayerNorm outputs
        items = TorchLayers.NormalTable(itemCount + 1, o.Dim, std, generator, device);
        using (no_grad()) items[0].zero_();                                    // padding row
        positions = new TorchSharp.Modules.Parameter(TorchLayers.NormalTable(o.MaxLength, o.Dim, std, generator, device));
        blocks = nn.ModuleList(Enumerable.Range(0, o.Blocks).Select(_ => new SasRecBlock(o.Dim, o.Heads, o.Dropout, generator)).ToArray());
        final_norm = nn.LayerNorm(o.Dim, eps: 1e-8);
        causal = ones(o.MaxLength, o.MaxLength, ScalarType.Bool, device).tril();
        (_dropout, _scale) = (o.Dropout, Math.Sqrt(o.Dim));
        RegisterComponents();
        blocks.to(device); final_norm.to(device);                             // initialised on the CPU generator, then moved
    }

    /// <summary>The item table (items + 1, d); row 0 is the padding id.</summary>
    public Tensor Items => items;

    /// <summary>Dropout masks in training come from this generator (null: no dropout).</summary>
    public Generator? DropoutGenerator { get; set; }

    /// <summary>Hidden states (B, n, d) of left-padded sequences <paramref name="seq"/> (B, n) with their gathered embeddings <paramref name="e"/> (B, n, d).</summary>
    public Tensor Forward(Tensor e, Tensor seq)
    {
        var p = training ? DropoutGenerator : null;
        var real = seq.ne(0);                                                  // (B, n)
        var keep = real.unsqueeze(-1).to_type(e.dtype);                       // (B, n, 1)
        var x = TorchLayers.Dropout(e * _scale + positions, _dropout, p) * keep; // (B, n, d)
        // Position t attends to s ≤ t that are items; always to itself, so a padded row's softmax is defined.
        var n = seq.shape[1];
        var self = eye(n, n, ScalarType.Bool, seq.device);                     // (n, n)
        var allowed = causal.logical_and(real.unsqueeze(1)).logical_or(self).unsqueeze(1); // (B, 1, n, n)
        foreach (var block in blocks) x = block.Forward(x, allowed, p) * keep;  // (B, n, d)
        return final_norm.call(x);                                             // (B, n, d)
    }

    /// <summary>Hidden states (B, n, d) of <paramref name="seq"/> (B, n), embeddings gathered from the table.</summary>
    public Tensor Forward(Tensor seq) => Forward(items.index_select(0, seq.flatten()).view(seq.shape[0], seq.shape[1], -1), seq);
}
