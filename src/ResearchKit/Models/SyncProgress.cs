namespace ResearchKit.Models;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls <paramref name="report"/> synchronously on the reporting thread.
/// <see cref="Progress{T}"/> posts each report to the thread pool, so reports arrive late and out of order — after a
/// fit or a notebook cell has already moved on. Reports from parallel work arrive on worker threads: the callback must
/// be thread-safe.
/// </summary>
/// <typeparam name="T">The progress type, e.g. <see cref="FitProgress"/>.</typeparam>
/// <param name="report">Called with every report.</param>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Action<T> _report = report ?? throw new ArgumentNullException(nameof(report));

    /// <inheritdoc />
    public void Report(T value) => _report(value);
}
