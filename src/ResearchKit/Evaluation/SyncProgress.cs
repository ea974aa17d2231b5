namespace ResearchKit.Evaluation;

/// <summary>
/// Forwards reports synchronously on the reporting thread. <see cref="Progress{T}"/> posts them to the thread pool,
/// so they arrive late and out of order (after the cell or the command has moved on); the receivers here
/// (the CLI's progress bars, <c>Notebooks.ProgressLine</c>) are thread-safe.
/// </summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
