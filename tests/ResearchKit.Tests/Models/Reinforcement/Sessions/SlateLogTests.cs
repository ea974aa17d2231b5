using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Tests.Models.Reinforcement.Sessions;

public class SlateLogTests
{
    private static SlateLog Log(int sessions = 1200, int seed = 3)
    {
        var env = new SessionEnvironment(SessionTestShop.Shop, new SessionEnvironmentOptions { Slots = 64, SlateSize = 4, Reward = SessionReward.Clicks }, seed);
        return SlateLogger.Collect(env, new SoftmaxSlatePolicy(SessionTestShop.Popularity(40), temperature: 0.5, epsilon: 0.2, seed: seed), sessions, seed);
    }

    [Fact]
    public void Collect_SoftmaxBehaviour_PropensitiesAreProperConditionals()
    {
        // For a behaviour with full support, E[1/p(a_j | prefix)] = number of items still available = n − j.
        var log = Log();
        int k = log.SlateSize, n = log.ItemCount;
        for (var j = 0; j < k; j++)
        {
            double inverse = 0;
            for (var r = 0; r < log.Count; r++) inverse += 1.0 / log.Propensity[(r * k) + j];
            var mean = inverse / log.Count;
            Assert.InRange(mean / (n - j), 0.9, 1.1);
        }
    }

    [Fact]
    public void Collect_Sessions_AreConsecutiveWithHistoryOfEarlierSlates()
    {
        var log = Log(640);
        Assert.Equal(640, log.Sessions);
        int k = log.SlateSize, h = log.HistorySize;
        for (var r = 0; r < log.Count; r++)
        {
            var first = r == 0 || log.Session[r] != log.Session[r - 1];
            Assert.Equal(first ? 0 : log.Step[r - 1] + 1, log.Step[r]);
            if (first) Assert.All(log.Recent.AsSpan(r * h, h).ToArray(), x => Assert.Equal(-1, x));
            else
                for (var j = 0; j < k; j++) Assert.Equal(log.Items[((r - 1) * k) + k - 1 - j], log.Recent[(r * h) + j]); // newest first
        }
        var returns = log.SessionReturns();
        var toGo = log.ReturnToGo();
        var s = 0;
        for (var r = 0; r < log.Count; r++)
            if (log.Step[r] == 0) Assert.Equal(returns[s++], toGo[r], 3);
    }

    [Fact]
    public void SplitBySession_KeepsSessionsWhole()
    {
        var (a, b) = Log(640).SplitBySession(0.5);
        Assert.Equal(640, a.Sessions + b.Sessions);
        Assert.InRange(a.Sessions, 250, 390);
        Assert.Empty(a.Session.Intersect(b.Session));
    }

    [Fact]
    public void Collect_SameSeed_SameLog()
    {
        var a = Log(256, 5); var b = Log(256, 5);
        Assert.Equal(a.Items, b.Items);
        Assert.Equal(a.Propensity, b.Propensity);
        Assert.Equal(a.Clicked, b.Clicked);
    }
}
