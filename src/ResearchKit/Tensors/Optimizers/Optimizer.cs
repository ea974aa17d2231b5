using System.Globalization;
using ResearchKit.Serialization;

namespace ResearchKit.Tensors.Optimizers;

/// <summary>
/// Base of the optimizers (PyTorch's <c>torch.optim</c> vocabulary): holds the parameters, applies one update per
/// <see cref="Step"/> from their gradients, dense (<see cref="Tensor.Grad"/>) or row-sparse (<see cref="Tensor.SparseGrad"/>,
/// where only the touched rows and their state are updated — "lazy" updates as in PyTorch's SparseAdam).
/// </summary>
public abstract class Optimizer
{
    private readonly Dictionary<Tensor, int[]> _slots = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer over <paramref name="parameters"/> with learning rate <paramref name="learningRate"/>.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = parameters.ToList();
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "learning rate must be > 0.");
        LearningRate = learningRate;
    }

    /// <summary>The parameters updated.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>Current learning rate (schedules change it between steps).</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of steps taken.</summary>
    public long StepCount { get; private set; }

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        StepCount++;
        foreach (var p in Parameters)
        {
            if (p.SparseGrad is { } sparse)
            {
                if (!_slots.TryGetValue(p, out var slots)) { slots = new int[p.Shape[0]]; Array.Fill(slots, -1); _slots[p] = slots; }
                var (rows, values) = sparse.Coalesce(slots);
                UpdateRows(p, rows, values, sparse.Width);
            }
            if (p.Grad is { } grad) UpdateDense(p, grad);
        }
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.ZeroGrad();
    }

    /// <summary>
    /// Writes the step count and every state buffer into <paramref name="file"/> as <c>optimizer.NAME.i</c>, naming
    /// parameters by <paramref name="named"/> (a module's <see cref="Modules.Module.NamedParameters"/>), so a checkpoint resumes exactly.
    /// </summary>
    public void SaveState(SafeTensorsFile file, IEnumerable<(string Name, Tensor Parameter)> named)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(named);
        file.Metadata["optimizer.step"] = StepCount.ToString(CultureInfo.InvariantCulture);
        file.Metadata["optimizer.lr"] = LearningRate.ToString("R", CultureInfo.InvariantCulture);
        foreach (var (name, p) in named)
            if (StateBuffers(p) is { } buffers)
                for (var i = 0; i < buffers.Length; i++) file.Add($"optimizer.{name}.{i}", buffers[i], buffers[i].Length);
    }

    /// <summary>Restores what <see cref="SaveState"/> wrote (missing buffers start at zero).</summary>
    public void LoadState(SafeTensorsFile file, IEnumerable<(string Name, Tensor Parameter)> named)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(named);
        if (file.Metadata.TryGetValue("optimizer.step", out var step)) StepCount = long.Parse(step, CultureInfo.InvariantCulture);
        if (file.Metadata.TryGetValue("optimizer.lr", out var lr)) LearningRate = float.Parse(lr, CultureInfo.InvariantCulture);
        foreach (var (name, p) in named)
            for (var i = 0; file.Contains($"optimizer.{name}.{i}"); i++)
            {
                var values = file.GetFloat32($"optimizer.{name}.{i}", out _);
                var buffers = CreateStateBuffers(p, values.Length);
                if (buffers.Length <= i || buffers[i].Length != values.Length)
                    throw new InvalidDataException($"optimizer state for '{name}' does not match this optimizer ({values.Length} values).");
                values.CopyTo(buffers[i], 0);
            }
    }

    /// <summary>The state buffers of <paramref name="parameter"/>, or null when it has none yet.</summary>
    protected abstract float[][]? StateBuffers(Tensor parameter);

    /// <summary>Creates (or returns) the state buffers of <paramref name="parameter"/> for a buffer of <paramref name="length"/> values.</summary>
    protected abstract float[][] CreateStateBuffers(Tensor parameter, int length);

    /// <summary>Updates all of <paramref name="parameter"/> from its dense gradient.</summary>
    protected abstract void UpdateDense(Tensor parameter, float[] grad);

    /// <summary>Updates rows <paramref name="rows"/> of a 2-D parameter from their (merged) gradient rows.</summary>
    protected abstract void UpdateRows(Tensor parameter, int[] rows, float[] grad, int width);

    /// <summary>Per-parameter state buffers, created zeroed on first use.</summary>
    protected sealed class State(int buffers)
    {
        private readonly Dictionary<Tensor, float[][]> _state = new(ReferenceEqualityComparer.Instance);

        /// <summary>The buffers of <paramref name="p"/> if created.</summary>
        public float[][]? Find(Tensor p) => _state.GetValueOrDefault(p);

        /// <summary>The buffers of <paramref name="p"/> (each <paramref name="length"/> long).</summary>
        public float[][] For(Tensor p, int length)
        {
            if (!_state.TryGetValue(p, out var s))
            {
                s = new float[buffers][];
                for (var i = 0; i < buffers; i++) s[i] = new float[length];
                _state[p] = s;
            }
            return s;
        }
    }
}
