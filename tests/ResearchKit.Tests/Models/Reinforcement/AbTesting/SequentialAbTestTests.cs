using ResearchKit.Models.Reinforcement.AbTesting;
using ResearchKit.Models.Reinforcement.Sessions;
using ResearchKit.Tests.Models.Reinforcement.Sessions;

namespace ResearchKit.Tests.Models.Reinforcement.AbTesting;

public class SequentialAbTestTests
{
    [Theory]
    [InlineData(1, 1.960)]
    [InlineData(2, 1.977)]
    [InlineData(5, 2.040)] // Jennison & Turnbull (2000), Table 2.3: C_B(K, α = 0.05)
    public void Design_ObrienFleming_MatchesPublishedConstants(int looks, double expected)
    {
        var design = new GroupSequentialDesign(looks, 0.05);
        Assert.Equal(expected, design.Constant, 2);
        Assert.Equal(expected * Math.Sqrt(looks), design.ZBoundary(1), 2);
        Assert.Equal(0.05, design.Power(0), 3);
    }

    [Fact]
    public void Design_Power_NeedsSlightlyMoreThanFixedSample()
    {
        var design = new GroupSequentialDesign(5, 0.05);
        // Fixed sample: z_{.975} + z_{.8} = 2.802; O'Brien–Fleming K = 5 inflates the information by R = 1.026 (J&T Table 2.4).
        Assert.Equal(2.802 * Math.Sqrt(1.026), design.DriftForPower(0.8), 1);
        Assert.True(design.DriftForPower(0.8) > 2.80);
        var n = design.SessionsPerArm(0.1, 1.0);
        Assert.Equal(0.1, design.MinimumDetectableEffect(1.0, n), 2);
    }

    [Fact]
    public void Run_ThousandAaTests_FalsePositiveRateNearAlpha()
    {
        var o = new SessionEnvironmentOptions { Slots = 32, Reward = SessionReward.Clicks, MeanPatience = 3 };
        var envA = new SessionEnvironment(SessionTestShop.Shop, o);
        var envB = new SessionEnvironment(SessionTestShop.Shop, o);
        var design = new GroupSequentialDesign(5, 0.05);
        var rejections = 0;
        for (var run = 0; run < 1000; run++)
        {
            var policy = new RandomSlatePolicy(run);
            if (SequentialAbTest.Run(envA, policy, envB, policy, 160, design, seed: run).RejectedNull) rejections++;
        }
        Assert.InRange(rejections / 1000.0, 0.03, 0.07);
    }

    [Fact]
    public void Run_PopularityAgainstRandom_DetectsTheDifferenceEarly()
    {
        var o = new SessionEnvironmentOptions { Slots = 32, Reward = SessionReward.Clicks };
        var envA = new SessionEnvironment(SessionTestShop.Shop, o);
        var envB = new SessionEnvironment(SessionTestShop.Shop, o);
        var pop = new RankedSlatePolicy(SessionTestShop.Popularity());
        var design = new GroupSequentialDesign(5, 0.05);
        var results = Enumerable.Range(0, 10).Select(s => SequentialAbTest.Run(envA, new RandomSlatePolicy(s), envB, pop, 640, design, s)).ToList();
        Assert.All(results, r => Assert.True(r.RejectedNull && r.Difference > 0));
        Assert.Contains(results, r => r.StoppedAtLook < design.Looks);
    }
}
