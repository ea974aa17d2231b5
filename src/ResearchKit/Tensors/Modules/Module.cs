namespace ResearchKit.Tensors.Modules;

/// <summary>
/// Base of layers and models (PyTorch's <c>nn.Module</c>): a registry of named parameters and sub-modules
/// (names joined with dots, e.g. <c>layers.0.weight</c>, as in a PyTorch state dict) and the train/eval mode.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Parameter)> _parameters = [];
    private readonly List<(string Name, Module Module)> _children = [];

    /// <summary>True in training mode (dropout active), false after <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a parameter (marked as requiring a gradient) under <paramref name="name"/>.</summary>
    protected Tensor Parameter(string name, Tensor parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        parameter.RequiresGrad = true;
        _parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a sub-module under <paramref name="name"/>.</summary>
    protected T Child<T>(string name, T module) where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        _children.Add((name, module));
        return module;
    }

    /// <summary>All parameters with their dotted names, this module's first, then each child's in registration order.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var p in _parameters) yield return p;
        foreach (var (name, child) in _children)
            foreach (var (sub, p) in child.NamedParameters()) yield return ($"{name}.{sub}", p);
    }

    /// <summary>All parameters (for an optimizer).</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>Total number of scalar parameters.</summary>
    public long ParameterCount => NamedParameters().Sum(p => (long)p.Parameter.Length);

    /// <summary>Switches this module and its children to training (<paramref name="on"/> = true) or evaluation mode.</summary>
    public void Train(bool on = true)
    {
        Training = on;
        foreach (var (_, child) in _children) child.Train(on);
    }

    /// <summary>Evaluation mode (dropout off).</summary>
    public void Eval() => Train(false);

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters()) p.ZeroGrad();
    }
}
