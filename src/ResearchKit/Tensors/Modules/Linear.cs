namespace ResearchKit.Tensors.Modules;

/// <summary>Fully connected layer y = x·Wᵀ + b with W [out, in] (PyTorch layout), initialised like <c>nn.Linear</c>.</summary>
public sealed class Linear : Module
{
    /// <summary>Creates the layer with weights drawn from <paramref name="rng"/>.</summary>
    public Linear(int inFeatures, int outFeatures, Random rng, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        Weight = Parameter("weight", Tensor.Zeros(outFeatures, inFeatures));
        Init.LinearDefault(Weight.Data, inFeatures, rng);
        if (bias)
        {
            Bias = Parameter("bias", Tensor.Zeros(outFeatures));
            Init.LinearDefault(Bias.Data, inFeatures, rng);
        }
    }

    /// <summary>Weight [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>Bias [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>x [n, in] → [n, out].</summary>
    public Tensor Forward(Tensor x) => Tensor.Linear(x, Weight, Bias);
}
