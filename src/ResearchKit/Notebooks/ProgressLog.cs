namespace ResearchKit.Notebooks;

/// <summary>
/// An <see cref="IProgress{T}"/> that keeps every report, in order, on the reporting thread (unlike
/// <see cref="Progress{T}"/>, which posts reports asynchronously). For notebooks: pass it to <c>Fit</c>, then plot
/// <see cref="Items"/>, e.g. with <c>Charts.TrainingCurves</c>.
/// </summary>
/// <typeparam name="T">The progress type, e.g. <c>FitProgress</c>.</typeparam>
public sealed class ProgressLog<T> : IProgress<T>
{
    private readonly List<T> _items = [];
    private readonly Lock _lock = new();

    /// <summary>The reports so far (a snapshot).</summary>
    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_lock) return [.. _items];
        }
    }

    /// <inheritdoc />
    public void Report(T value)
    {
        lock (_lock) _items.Add(value);
    }
}
