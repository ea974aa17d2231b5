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

/// <summary>
/// Lookup table of <c>rows × dim</c> vectors, N(0, std²) initialised. With <c>sparse</c> (default) its gradient is
/// row-sparse, so optimizers touch only the rows in the batch (PyTorch's <c>nn.Embedding(sparse=True)</c>).
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Creates the table.</summary>
    public Embedding(int rows, int dim, Random rng, float std = 0.1f, bool sparse = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        Weight = Parameter("weight", new Tensor(new float[rows * dim], [rows, dim]) { SparseGradient = sparse });
        Init.Normal(Weight.Data, std, rng);
    }

    /// <summary>The table [rows, dim].</summary>
    public Tensor Weight { get; }

    /// <summary>Rows <paramref name="indices"/> → [indices, dim].</summary>
    public Tensor Forward(int[] indices) => Tensor.Gather(Weight, indices);
}

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

/// <summary>Inverted dropout with probability <c>p</c>, active only in training mode.</summary>
public sealed class Dropout(float p, Random rng) : Module
{
    /// <summary>Drop probability.</summary>
    public float P { get; } = p is >= 0f and < 1f ? p : throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1).");

    /// <summary>Applies dropout in training mode; identity in evaluation mode.</summary>
    public Tensor Forward(Tensor x) => (x ?? throw new ArgumentNullException(nameof(x))).Dropout(P, Training, rng);
}

/// <summary>Activation functions an <see cref="Mlp"/> can use between layers.</summary>
public enum Activation
{
    /// <summary>max(x, 0).</summary>
    Relu,

    /// <summary>GELU (tanh approximation).</summary>
    Gelu,

    /// <summary>tanh.</summary>
    Tanh,

    /// <summary>Logistic sigmoid.</summary>
    Sigmoid,
}

/// <summary>
/// Multi-layer perceptron: Linear → activation (→ dropout) for each hidden size, then a final Linear with no
/// activation. <c>sizes</c> = [in, hidden…, out]; parameters are named <c>layers.i.weight</c>.
/// </summary>
public sealed class Mlp : Module
{
    private readonly Linear[] _layers;
    private readonly Dropout? _dropout;

    /// <summary>Creates the network.</summary>
    public Mlp(int[] sizes, Random rng, Activation activation = Activation.Relu, float dropout = 0f)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length < 2) throw new ArgumentException("an MLP needs at least [in, out] sizes.", nameof(sizes));
        ActivationFunction = activation;
        _layers = new Linear[sizes.Length - 1];
        for (var i = 0; i < _layers.Length; i++) _layers[i] = Child($"layers.{i}", new Linear(sizes[i], sizes[i + 1], rng));
        if (dropout > 0f) _dropout = Child("dropout", new Dropout(dropout, rng));
    }

    /// <summary>The activation between layers.</summary>
    public Activation ActivationFunction { get; }

    /// <summary>The linear layers in order.</summary>
    public IReadOnlyList<Linear> Layers => _layers;

    /// <summary>x [n, in] → [n, out].</summary>
    public Tensor Forward(Tensor x)
    {
        for (var i = 0; i < _layers.Length; i++)
        {
            x = _layers[i].Forward(x);
            if (i == _layers.Length - 1) break;
            x = ActivationFunction switch
            {
                Activation.Relu => x.Relu(),
                Activation.Gelu => x.Gelu(),
                Activation.Tanh => x.Tanh(),
                _ => x.Sigmoid(),
            };
            if (_dropout is not null) x = _dropout.Forward(x);
        }
        return x;
    }
}
