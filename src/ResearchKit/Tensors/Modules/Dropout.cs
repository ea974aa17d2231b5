namespace ResearchKit.Tensors.Modules;

/// <summary>Inverted dropout with probability <c>p</c>, active only in training mode.</summary>
public sealed class Dropout(float p, Random rng) : Module
{
    /// <summary>Drop probability.</summary>
    public float P { get; } = p is >= 0f and < 1f ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1).");

    /// <summary>Applies dropout in training mode; identity in evaluation mode.</summary>
    public Tensor Forward(Tensor x) => (x ?? throw new ArgumentNullException(nameof(x))).Dropout(P, Training, rng);
}
