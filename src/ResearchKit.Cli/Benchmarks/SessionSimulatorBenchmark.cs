using System.Diagnostics;
using ResearchKit.Data.Synthetic;
using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>Simulated user-steps (slates of 5) per second of the session environment on the default synthetic shop.</summary>
internal sealed class SessionSimulatorBenchmark : IBenchmark
{
    public string Name => "rl-sim";

    public string Description => "RL session simulator: user-steps/s (slate of 5, 1,024 slots) on the default synthetic shop, simulator alone and with a ranked policy";

    public void Run(BenchContext context)
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Seed = context.Seed });
        var env = new SessionEnvironment(shop, new SessionEnvironmentOptions { Slots = 1024 }, context.Seed);
        var k = env.SlateSize;
        // Pre-drawn random slates, so the first figure is the simulator's own cost.
        const int Bank = 64;
        var slates = new int[Bank][];
        var scratch = new float[env.Slots * k];
        var random = new RandomSlatePolicy(context.Seed);
        for (var b = 0; b < Bank; b++) { slates[b] = new int[env.Slots * k]; random.Act(env, slates[b], scratch); }
        var steps = context.Quick ? 100 : 2_000;
        for (var t = 0; t < 20; t++) env.Step(slates[t % Bank]); // JIT warm-up
        env.Reset(context.Seed);
        var process = Process.GetCurrentProcess();
        var cpu0 = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        for (var t = 0; t < steps; t++) env.Step(slates[t % Bank]);
        sw.Stop();
        process.Refresh();
        var userSteps = env.TotalSteps;
        context.Out.WriteLine($"- Session simulator, {shop.Dataset.UserCount:N0} users × {shop.Dataset.ItemCount:N0} items, d={shop.Factors}, 1,024 slots, slate 5: " +
            $"{userSteps / sw.Elapsed.TotalSeconds / 1e6:F2} M user-steps/s ({userSteps:N0} steps, {env.CompletedSessions:N0} sessions, " +
            $"{userSteps / (process.TotalProcessorTime - cpu0).TotalSeconds / 1e6:F2} M per CPU-second; load average {AlsBenchmark.LoadAverage()})");

        // The peer in the same run: the simulator driven by a policy (popularity top-k skipping recent items).
        var pop = new ResearchKit.Models.Baselines.PopularityRecommender();
        pop.Fit(new ResearchKit.Models.TrainingSet(shop.Dataset));
        var policy = new RankedSlatePolicy(new CandidateTable(pop, shop.Dataset.UserCount, shop.Dataset.ItemCount, 50));
        var sessions = context.Quick ? 5_000 : 100_000;
        SessionRunner.Run(env, policy, 2_048, context.Seed); // fills most users' candidate lists
        sw.Restart();
        var run = SessionRunner.Run(env, policy, sessions, context.Seed);
        sw.Stop();
        context.Out.WriteLine($"- Same simulator driven by the `pop` ranked policy (SessionRunner, {sessions:N0} sessions): " +
            $"{env.TotalSteps / sw.Elapsed.TotalSeconds / 1e6:F2} M user-steps/s end to end; {run.MeanReturn:F3} purchases per session, " +
            $"{run.Lengths.Average():F2} slates per session");
    }
}
