namespace ResearchKit.Tensors;

/// <summary>
/// Reuses the buffers of a training loop's intermediate tensors from one step to the next. Inside a
/// <see cref="Step"/> scope, on the thread that opened it, every op output, intermediate gradient and backward
/// temporary comes from the arena (zeroed, exact length); when the scope ends they all go back. Parameters, their
/// gradients and optimizer state are never taken from it.
/// </summary>
/// <remarks>
/// Why: a batch of 1,024 rows makes 0.5 MB activations, which .NET puts in the large-object heap; allocating ~20 of
/// them per step made a quarter of two-tower training time page faults and memory decommits unless the process raised
/// its LOH threshold (docs/benchmarks.md). Rule: a tensor created inside a scope must not be read after the scope
/// ends (read the loss with <see cref="Tensor.Item"/> inside it).
/// </remarks>
public sealed class TensorArena
{
    [ThreadStatic] private static TensorArena? _current;
    private readonly Dictionary<int, Stack<float[]>> _free = [];
    private readonly List<float[]> _lent = [];

    /// <summary>The arena of the innermost open scope on this thread, or null.</summary>
    internal static TensorArena? Current => _current;

    /// <summary>Buffers held for reuse (for tests and diagnostics).</summary>
    public int PooledBuffers => _free.Values.Sum(s => s.Count);

    /// <summary>Opens a scope on this thread; disposing it returns every buffer rented inside.</summary>
    public IDisposable Step() => new Scope(this);

    internal float[] Rent(int length)
    {
        float[] buffer;
        if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
        {
            buffer = stack.Pop();
            Array.Clear(buffer);
        }
        else buffer = new float[length];
        _lent.Add(buffer);
        return buffer;
    }

    private void ReturnAll()
    {
        foreach (var buffer in _lent)
        {
            if (!_free.TryGetValue(buffer.Length, out var stack)) _free[buffer.Length] = stack = new Stack<float[]>();
            stack.Push(buffer);
        }
        _lent.Clear();
    }

    private sealed class Scope : IDisposable
    {
        private readonly TensorArena _arena;
        private readonly TensorArena? _previous;
        private bool _closed;

        public Scope(TensorArena arena)
        {
            _arena = arena;
            _previous = _current;
            _current = arena;
        }

        public void Dispose()
        {
            if (_closed) return;
            _closed = true;
            _current = _previous;
            _arena.ReturnAll();
        }
    }
}
