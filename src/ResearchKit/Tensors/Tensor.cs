namespace ResearchKit.Tensors;

/// <summary>
/// A float32 tensor: a shape and a contiguous row-major buffer, plus what reverse-mode autograd needs
/// (the gradient, the parents and the backward step of the op that produced it). Like micrograd's <c>Value</c>,
/// but for arrays: every op lives in one of the <c>Tensor.*.cs</c> files with its forward and backward side by side.
/// <para>
/// Gradients accumulate (as in PyTorch) until <see cref="ZeroGrad"/>. Ops record the graph only when an input
/// requires a gradient and no <see cref="NoGrad"/> scope is open.
/// </para>
/// </summary>
public sealed partial class Tensor
{
    [ThreadStatic] private static int _noGradDepth;

    private float[]? _grad;
    private Tensor[] _parents = [];
    private Action<Tensor>? _backward;

    /// <summary>Wraps <paramref name="data"/> (not copied) with <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape has a negative dimension or does not match the buffer length.</exception>
    public Tensor(float[] data, int[] shape, bool requiresGrad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"shape [{string.Join(", ", shape)}] has a negative dimension.", nameof(shape));
            count *= d;
        }
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} values but the buffer has {data.Length}.", nameof(shape));
        Data = data;
        Shape = shape;
        RequiresGrad = requiresGrad;
    }

    /// <summary>The values, row-major.</summary>
    public float[] Data { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public int[] Shape { get; }

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Length;

    /// <summary>Number of values.</summary>
    public int Length => Data.Length;

    /// <summary>Whether gradients flow to this tensor (parameters, and results of ops on them).</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>The op that produced this tensor ("leaf" for inputs and parameters).</summary>
    public string Op { get; private set; } = "leaf";

    /// <summary>The accumulated gradient (same shape as <see cref="Data"/>), or null before any backward pass reached it.</summary>
    public float[]? Grad => _grad;

    /// <summary>
    /// Row-sparse gradient of an embedding table: the rows touched by gathers since the last <see cref="ZeroGrad"/>
    /// and their gradient rows (duplicates not merged). Set instead of <see cref="Grad"/> when <see cref="SparseGradient"/> is on.
    /// </summary>
    public SparseRows? SparseGrad { get; private set; }

    /// <summary>When true (embedding tables), gathers produce a row-sparse gradient in <see cref="SparseGrad"/>.</summary>
    public bool SparseGradient { get; init; }

    /// <summary>Size of dimension <paramref name="axis"/> (negative counts from the end).</summary>
    public int Size(int axis) => Shape[axis < 0 ? Rank + axis : axis];

    /// <summary>The gradient buffer, allocated (zeroed) on first use.</summary>
    internal Span<float> GradSpan => _grad ??= Op == "leaf" ? new float[Data.Length] : Allocate(Data.Length);

    /// <summary>A zeroed buffer for an op's output or temporary: from the thread's open <see cref="TensorArena"/> scope if any.</summary>
    internal static float[] Allocate(int length) => TensorArena.Current is { } arena ? arena.Rent(length) : new float[length];

    /// <summary>Clears the gradient (dense and sparse).</summary>
    public void ZeroGrad()
    {
        if (_grad is not null) Array.Clear(_grad);
        SparseGrad = null;
    }

    /// <summary>The single value of a one-element tensor.</summary>
    public float Item() => Length == 1 ? Data[0] : throw new InvalidOperationException($"Item() needs a one-element tensor, shape is [{string.Join(", ", Shape)}].");

    /// <inheritdoc />
    public override string ToString() => $"Tensor[{string.Join(", ", Shape)}] ({Op})";

    /// <summary>Opens a scope in which ops record no graph (inference); dispose to close it.</summary>
    public static IDisposable NoGrad() => new NoGradScope();

    private sealed class NoGradScope : IDisposable
    {
        private bool _closed;
        public NoGradScope() => _noGradDepth++;
        public void Dispose() { if (!_closed) { _closed = true; _noGradDepth--; } }
    }

    /// <summary>
    /// Builds an op's output; records <paramref name="backward"/> (which reads <c>out.Grad</c> and adds into the parents'
    /// gradients) only when a parent requires a gradient and grad mode is on.
    /// </summary>
    internal static Tensor FromOp(string op, float[] data, int[] shape, Tensor[] parents, Action<Tensor> backward)
    {
        var result = new Tensor(data, shape) { Op = op };
        if (_noGradDepth > 0) return result;
        foreach (var p in parents)
            if (p.RequiresGrad)
            {
                result.RequiresGrad = true;
                result._parents = parents;
                result._backward = backward;
                break;
            }
        return result;
    }

    /// <summary>Appends a row-sparse gradient contribution (embedding backward).</summary>
    internal void AddSparseGrad(int[] rows, float[] values)
    {
        SparseGrad ??= new SparseRows(Shape[^1]);
        SparseGrad.Add(rows, values);
    }

    /// <summary>
    /// Reverse-mode autodiff from this scalar: seeds dL/dL = 1, then runs each recorded op's backward in reverse
    /// topological order, accumulating into <see cref="Grad"/> of every tensor that requires one.
    /// </summary>
    public void Backward()
    {
        if (Length != 1) throw new InvalidOperationException($"Backward() needs a scalar loss, shape is [{string.Join(", ", Shape)}].");
        if (!RequiresGrad) throw new InvalidOperationException("Backward(): the loss does not depend on any tensor that requires a gradient.");
        var order = TopologicalOrder();
        GradSpan[0] += 1f;
        for (var i = order.Count - 1; i >= 0; i--)
        {
            var t = order[i];
            if (t._backward is not null && t._grad is not null) t._backward(t);
        }
        // Free the graph: intermediate buffers become garbage, parameters keep their gradients.
        foreach (var t in order) { t._backward = null; t._parents = []; }
    }

    private List<Tensor> TopologicalOrder()
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, bool Expanded)>();
        stack.Push((this, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (expanded) { order.Add(node); continue; }
            if (!visited.Add(node)) continue;
            stack.Push((node, true));
            foreach (var p in node._parents) if (p.RequiresGrad && !visited.Contains(p)) stack.Push((p, false));
        }
        return order;
    }
}

/// <summary>A row-sparse gradient: (row index, gradient row) pairs, possibly repeating rows.</summary>
public sealed class SparseRows
{
    private readonly List<(int[] Rows, float[] Values)> _parts = [];

    /// <summary>Creates an empty gradient for rows of <paramref name="width"/> values.</summary>
    public SparseRows(int width) => Width = width;

    /// <summary>Values per row.</summary>
    public int Width { get; }

    /// <summary>The contributions as recorded: rows and row-major values (rows.Length × Width).</summary>
    public IReadOnlyList<(int[] Rows, float[] Values)> Parts => _parts;

    internal void Add(int[] rows, float[] values) => _parts.Add((rows, values));

    /// <summary>
    /// Merges duplicate rows (summing their gradients) in first-seen order; <paramref name="slotOfRow"/> is a scratch
    /// array over all table rows filled with −1, which is restored before returning.
    /// </summary>
    public (int[] Rows, float[] Values) Coalesce(int[] slotOfRow)
    {
        ArgumentNullException.ThrowIfNull(slotOfRow);
        var unique = new List<int>();
        foreach (var (rows, _) in _parts)
            foreach (var r in rows)
                if (slotOfRow[r] < 0) { slotOfRow[r] = unique.Count; unique.Add(r); }
        var values = Tensor.Allocate(unique.Count * Width);
        foreach (var (rows, vals) in _parts)
            for (var i = 0; i < rows.Length; i++)
            {
                var dst = values.AsSpan(slotOfRow[rows[i]] * Width, Width);
                System.Numerics.Tensors.TensorPrimitives.Add(dst, vals.AsSpan(i * Width, Width), dst);
            }
        foreach (var r in unique) slotOfRow[r] = -1;
        return (unique.ToArray(), values);
    }
}
