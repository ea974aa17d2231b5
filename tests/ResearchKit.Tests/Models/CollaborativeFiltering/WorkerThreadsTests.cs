using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

public sealed class WorkerThreadsTests
{
    [Fact]
    public void Run_EveryWorker_RunsConcurrently()
    {
        // Each worker waits for all the others: this completes only if the three really run side by side
        // (Parallel.For may run them one after another when the pool is busy).
        using var barrier = new Barrier(3);
        var seen = new int[3];
        WorkerThreads.Run(3, t =>
        {
            if (!barrier.SignalAndWait(TimeSpan.FromSeconds(30))) throw new TimeoutException("workers did not run concurrently");
            seen[t]++;
        });
        Assert.Equal([1, 1, 1], seen);
    }

    [Fact]
    public void Run_WorkerThrows_RethrowsAfterAllFinish()
    {
        var finished = 0;
        var e = Assert.Throws<InvalidOperationException>(() => WorkerThreads.Run(2, t =>
        {
            if (t == 1) throw new InvalidOperationException("worker 1 failed");
            Interlocked.Increment(ref finished);
        }));
        Assert.Equal("worker 1 failed", e.Message);
        Assert.Equal(1, finished);
    }
}
