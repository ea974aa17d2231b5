namespace ResearchKit.Tensors.Modules;

/// <summary>Layer normalisation over the last dimension with learned gain (ones) and bias (zeros).</summary>
public sealed class LayerNorm : Module
{
    private readonly float _epsilon;

    /// <summary>Creates the layer for vectors of <paramref name="dim"/> values.</summary>
    public LayerNorm(int dim, float epsilon = 1e-5f)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        _epsilon = epsilon;
        Gain = Parameter("weight", Tensor.Zeros(dim));
        Array.Fill(Gain.Data, 1f);
        Bias = Parameter("bias", Tensor.Zeros(dim));
    }

    /// <summary>γ.</summary>
    public Tensor Gain { get; }

    /// <summary>β.</summary>
    public Tensor Bias { get; }

    /// <summary>Normalises each row of the last dimension.</summary>
    public Tensor Forward(Tensor x) => Tensor.LayerNorm(x, Gain, Bias, _epsilon);
}
