namespace ResearchKit.Models.Deep;

/// <summary>
/// Hyperparameters of <see cref="SasRecRecommender"/>; defaults in each member's doc. The network defaults are those of
/// Kang &amp; McAuley, "Self-Attentive Sequential Recommendation" (ICDM 2018), §IV-B: d = 50, two blocks, one head,
/// dropout 0.2, Adam with learning rate 0.001 and β₂ = 0.98, batch 128, n = 50 (the paper uses 200 on MovieLens-1M).
/// </summary>
public sealed record SasRecOptions
{
    /// <summary>Size d of the item and position embeddings and of every hidden state (default 50).</summary>
    public int Dim { get; init; } = 50;

    /// <summary>Self-attention blocks (default 2).</summary>
    public int Blocks { get; init; } = 2;

    /// <summary>Attention heads per block; <see cref="Dim"/> must be divisible by it (default 1, as in the paper).</summary>
    public int Heads { get; init; } = 1;

    /// <summary>Maximum sequence length n: each user's last n training items are used (default 50; the paper uses 200 for dense data such as MovieLens-1M).</summary>
    public int MaxLength { get; init; } = 50;

    /// <summary>Dropout on the embeddings, attention weights and each sub-layer's output (default 0.2).</summary>
    public float Dropout { get; init; } = 0.2f;

    /// <summary>Passes over the users' sequences (default 20; the paper trains up to 200 epochs with early stopping on a validation item).</summary>
    public int Epochs { get; init; } = 20;

    /// <summary>Sequences (users) per batch (default 128).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Adam learning rate (default 0.001).</summary>
    public float LearningRate { get; init; } = 0.001f;

    /// <summary>Adam β₂ (default 0.98, as in the paper).</summary>
    public float Beta2 { get; init; } = 0.98f;

    /// <summary>Decoupled (AdamW) weight decay on the dense weights (default 0).</summary>
    public float WeightDecay { get; init; }

    /// <summary>Uniformly sampled items the user never interacted with, per position, each a negative of the binary cross-entropy (default 1, as in the paper).</summary>
    public int Negatives { get; init; } = 1;

    /// <summary>Seed for initialisation, dropout and sampling (default 42). On the CPU, a seed and a LibTorch thread count give bit-identical results.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Where to train and score: <c>cpu</c>, <c>cuda</c> or <c>auto</c> (default: CUDA where available).</summary>
    public string Device { get; init; } = "auto";

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Dim <= 0) throw new ArgumentException($"{nameof(Dim)} must be > 0, got {Dim}.");
        if (Blocks <= 0) throw new ArgumentException($"{nameof(Blocks)} must be > 0, got {Blocks}.");
        if (Heads <= 0 || Dim % Heads != 0) throw new ArgumentException($"{nameof(Heads)} must be > 0 and divide {nameof(Dim)} ({Dim}), got {Heads}.");
        if (MaxLength <= 0) throw new ArgumentException($"{nameof(MaxLength)} must be > 0, got {MaxLength}.");
        if (Dropout is < 0f or >= 1f || float.IsNaN(Dropout)) throw new ArgumentException($"{nameof(Dropout)} must be in [0, 1), got {Dropout}.");
        if (Epochs <= 0) throw new ArgumentException($"{nameof(Epochs)} must be > 0, got {Epochs}.");
        if (BatchSize <= 0) throw new ArgumentException($"{nameof(BatchSize)} must be > 0, got {BatchSize}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be > 0, got {LearningRate}.");
        if (!(Beta2 is > 0f and < 1f)) throw new ArgumentException($"{nameof(Beta2)} must be in (0, 1), got {Beta2}.");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"{nameof(WeightDecay)} must be ≥ 0, got {WeightDecay}.");
        if (Negatives <= 0) throw new ArgumentException($"{nameof(Negatives)} must be > 0, got {Negatives}.");
        if (Device is not ("cpu" or "cuda" or "auto")) throw new ArgumentException($"{nameof(Device)} must be cpu, cuda or auto, got '{Device}'.");
    }
}
