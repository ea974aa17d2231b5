namespace ResearchKit.Tensors.Modules;

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
