using System.Runtime.ExceptionServices;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>
/// Runs one long task per worker on dedicated threads. <c>Parallel.For</c> over as many iterations as workers
/// quietly runs them one after the other when no pool thread is free at that moment (the caller takes the second
/// iteration itself), which halved Hogwild SGD epochs at random; dedicated threads always run side by side.
/// </summary>
internal static class WorkerThreads
{
    /// <summary>Calls <paramref name="body"/>(t) for t = 0 … <paramref name="count"/> − 1 concurrently (t = 0 on the calling thread) and rethrows the first failure.</summary>
    public static void Run(int count, Action<int> body)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (count == 1) { body(0); return; }
        var errors = new ExceptionDispatchInfo?[count];
        var threads = new Thread[count - 1];
        for (var t = 1; t < count; t++)
        {
            var index = t;
            threads[t - 1] = new Thread(() =>
            {
                try { body(index); }
                catch (Exception e) { errors[index] = ExceptionDispatchInfo.Capture(e); }
            }) { IsBackground = true, Name = $"rk-worker-{index}" };
            threads[t - 1].Start();
        }
        try { body(0); }
        catch (Exception e) { errors[0] = ExceptionDispatchInfo.Capture(e); }
        foreach (var thread in threads) thread.Join();
        foreach (var error in errors) error?.Throw();
    }
}
