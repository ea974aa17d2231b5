using static TorchSharp.torch;

namespace ResearchKit.Models.Deep.Torch;

/// <summary>
/// Small building blocks the deep models share: seeded initialisation (from a <see cref="Generator"/> the model owns,
/// never torch's global generator, so two models fitted at once stay deterministic), an MLP, and seeded dropout.
/// </summary>
internal static class TorchLayers
{
    /// <summary>Re-initialises a linear layer like PyTorch's <c>nn.Linear</c> default: weight and bias U(±1/√fan_in).</summary>
    public static void InitLinear(TorchSharp.Modules.Linear layer, Generator generator)
    {
        using var _ = no_grad();
        var bound = 1.0 / Math.Sqrt(layer.in_features);
        layer.weight!.uniform_(-bound, bound, generator);
        layer.bias?.uniform_(-bound, bound, generator);
    }

    /// <summary>An [rows, dim] table drawn from N(0, std²) on <paramref name="device"/>.</summary>
    public static Tensor NormalTable(long rows, long dim, double std, Generator generator, Device device)
    {
        using var _ = no_grad();
        return empty([rows, dim]).normal_(0, std, generator).to(device);   // drawn on the CPU: the same values on every device
    }

    /// <summary>The activation function.</summary>
    public static Tensor Activate(Tensor x, Activation activation) => activation switch
    {
        Activation.Relu => nn.functional.relu(x),
        Activation.Gelu => nn.functional.gelu(x),   // PyTorch's exact erf form; the tanh form differs by < 1e-3
        Activation.Tanh => x.tanh(),
        _ => x.sigmoid(),
    };

    /// <summary>Inverted dropout with a mask from <paramref name="generator"/> (identity when <paramref name="p"/> is 0).</summary>
    public static Tensor Dropout(Tensor x, double p, Generator? generator)
    {
        if (p <= 0 || generator is null) return x;
        var keep = rand(x.shape, generator: generator, device: x.device) >= p;   // (…) same shape as x
        return x * keep / (1 - p);
    }
}

/// <summary>Linear → activation (→ dropout) for each hidden size, then a final Linear; parameters <c>layers.i.weight</c>/<c>.bias</c>.</summary>
internal sealed class TorchMlp : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>[] _linears;
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> layers;
    private readonly Activation _activation;
    private readonly double _dropout;

    /// <summary>sizes = [in, hidden…, out].</summary>
    public TorchMlp(int[] sizes, Activation activation, double dropout, Generator generator) : base("mlp")
    {
        if (sizes.Length < 2) throw new ArgumentException("an MLP needs at least [in, out] sizes.", nameof(sizes));
        _linears = new nn.Module<Tensor, Tensor>[sizes.Length - 1];
        for (var i = 0; i < _linears.Length; i++)
        {
            var linear = nn.Linear(sizes[i], sizes[i + 1]);
            TorchLayers.InitLinear(linear, generator);
            _linears[i] = linear;
        }
        layers = nn.ModuleList(_linears);
        (_activation, _dropout) = (activation, dropout);
        RegisterComponents();
    }

    /// <summary>Dropout masks in training come from this generator (null: no dropout, e.g. evaluation).</summary>
    public Generator? DropoutGenerator { get; set; }

    /// <summary>x (n, in) → (n, out).</summary>
    public override Tensor forward(Tensor x)
    {
        for (var i = 0; i < _linears.Length; i++)
        {
            x = _linears[i].call(x);
            if (i == _linears.Length - 1) break;
            x = TorchLayers.Activate(x, _activation);
            if (training) x = TorchLayers.Dropout(x, _dropout, DropoutGenerator);
        }
        return x;
    }
}
