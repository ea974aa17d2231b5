using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Tests.Models.Reinforcement.Sessions;

public class SessionEnvironmentTests
{
    private static SessionEnvironment Env(SessionEnvironmentOptions? o = null, int seed = 1) => new(SessionTestShop.Shop, o, seed);

    private static (float[] Rewards, byte[] Clicks) Play(SessionEnvironment env, int steps, int policySeed)
    {
        var policy = new RandomSlatePolicy(policySeed);
        var slates = new int[env.Slots * env.SlateSize];
        var p = new float[slates.Length];
        var rewards = new List<float>(); var clicks = new List<byte>();
        for (var t = 0; t < steps; t++)
        {
            policy.Act(env, slates, p);
            env.Step(slates);
            rewards.AddRange(env.StepReward.ToArray()); clicks.AddRange(env.Clicked.ToArray());
        }
        return ([.. rewards], [.. clicks]);
    }

    [Fact]
    public void Step_SameSeed_SameResponses()
    {
        var o = new SessionEnvironmentOptions { Slots = 64, Reward = SessionReward.Clicks };
        var a = Play(Env(o, 5), 30, 9);
        var b = Play(Env(o, 5), 30, 9);
        var c = Play(Env(o, 6), 30, 9);
        Assert.Equal(a.Clicks, b.Clicks);
        Assert.Equal(a.Rewards, b.Rewards);
        Assert.NotEqual(a.Clicks, c.Clicks);
    }

    [Fact]
    public void Step_PositionBias_ClickRateFallsWithPosition()
    {
        var env = Env(new SessionEnvironmentOptions { Slots = 256, SlateSize = 4 });
        var (_, clicks) = Play(env, 400, 3);
        var perPosition = new double[4];
        for (var i = 0; i < clicks.Length; i++) perPosition[i % 4] += clicks[i];
        // Random slates put the same attractiveness everywhere, so only examination 1/(1+j) separates the positions.
        for (var j = 1; j < 4; j++) Assert.True(perPosition[j] < perPosition[j - 1] * 0.9, $"position {j}: {perPosition[j]} vs {perPosition[j - 1]}");
        Assert.InRange(perPosition[1] / perPosition[0], 0.4, 0.6);
    }

    [Theory]
    [InlineData(0.8, 0.15, true)]
    [InlineData(0.0, 0.0, false)]
    public void Step_RepeatedSlate_FatigueLowersLaterClicks(double itemFatigue, double categoryFatigue, bool expectLower)
    {
        var o = new SessionEnvironmentOptions { Slots = 256, ItemFatigue = itemFatigue, CategoryFatigue = categoryFatigue, TasteNoise = 0, InterestDrift = 0, MeanPatience = 6 };
        double LaterClickRate(ISlatePolicy policy)
        {
            var env = Env(o, 11);
            var slates = new int[env.Slots * env.SlateSize]; var p = new float[slates.Length];
            double clicks = 0, shown = 0;
            for (var t = 0; t < 300; t++)
            {
                policy.Act(env, slates, p);
                var later = env.StepsInSession.ToArray();
                env.Step(slates);
                for (var s = 0; s < env.Slots; s++)
                {
                    if (later[s] == 0) continue;
                    for (var j = 0; j < env.SlateSize; j++) clicks += env.Clicked[(s * env.SlateSize) + j];
                    shown += env.SlateSize;
                }
            }
            return clicks / shown;
        }
        var repeat = LaterClickRate(new RepeatSlatePolicy(4));
        var fresh = LaterClickRate(new RandomSlatePolicy(4));
        if (expectLower) Assert.True(repeat < 0.6 * fresh, $"repeat {repeat:F4} vs fresh {fresh:F4}");
        else Assert.True(repeat >= fresh, $"without fatigue a repeated slate (kept because it was clicked) should do no worse: {repeat:F4} vs {fresh:F4}");
    }

    [Fact]
    public void Run_EverySession_EndsWithinMaxStepsAndFunnelIsNested()
    {
        var env = Env(new SessionEnvironmentOptions { Slots = 32, MaxSteps = 6, ClickPatience = 0.99, MeanPatience = 50 });
        var run = SessionRunner.Run(env, new RandomSlatePolicy(2), 320);
        Assert.Equal(320, run.Returns.Length);
        Assert.All(run.Lengths, l => Assert.InRange(l, 1, 6));
        Assert.Contains(6, run.Lengths);
        var slates = new int[env.Slots * env.SlateSize]; var p = new float[slates.Length];
        var policy = new RandomSlatePolicy(3);
        for (var t = 0; t < 50; t++)
        {
            policy.Act(env, slates, p);
            env.Step(slates);
            for (var i = 0; i < slates.Length; i++)
            {
                Assert.True(env.Clicked[i] <= env.Examined[i] && env.Carted[i] <= env.Clicked[i] && env.Purchased[i] <= env.Carted[i]);
            }
        }
    }

    [Fact]
    public void Run_PopularityPolicy_BeatsRandomOnClicks()
    {
        var o = new SessionEnvironmentOptions { Slots = 128, Reward = SessionReward.Clicks };
        var pop = SessionRunner.Run(Env(o), new RankedSlatePolicy(SessionTestShop.Popularity()), 2000);
        var random = SessionRunner.Run(Env(o), new RandomSlatePolicy(1), 2000);
        Assert.True(pop.ReturnInterval().Lower > random.ReturnInterval().Upper, $"pop {pop.MeanReturn:F3} vs random {random.MeanReturn:F3}");
        Assert.True(random.Coverage > pop.Coverage);
    }

    [Fact]
    public void Step_BadSlate_ThrowsNamingSlotAndItem()
    {
        var env = Env(new SessionEnvironmentOptions { Slots = 2, SlateSize = 2 });
        var e = Assert.Throws<ArgumentException>(() => env.Step([0, 1, 3, 3]));
        Assert.Contains("slot 1", e.Message);
        e = Assert.Throws<ArgumentException>(() => env.Step([0, 1, 2, 300]));
        Assert.Contains("item 300", e.Message);
        Assert.Throws<ArgumentException>(() => env.Step([0, 1]));
    }

    [Fact]
    public void Options_Invalid_ThrowsNamingOption()
    {
        var e = Assert.Throws<ArgumentException>(() => new SessionEnvironmentOptions { ClickPatience = 1 }.Validate());
        Assert.Contains("ClickPatience", e.Message);
    }
}
