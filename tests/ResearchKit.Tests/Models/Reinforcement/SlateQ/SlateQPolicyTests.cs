using ResearchKit.Models.Reinforcement.Sessions;
using ResearchKit.Models.Reinforcement.SlateQ;
using ResearchKit.Tests.Models.Deep;
using ResearchKit.Tests.Models.Reinforcement.Sessions;

namespace ResearchKit.Tests.Models.Reinforcement.SlateQ;

[Collection(TorchCollection.Name)]
public class SlateQPolicyTests
{
    [Fact]
    public void Act_OnlyOneItemEverPaid_ShowsItFirstThenNotAgainWhileRecent()
    {
        var shop = SessionTestShop.Shop;
        var candidates = SessionTestShop.Popularity(50);
        var list = candidates.Items(0).ToArray();      // popularity: the same list for every user
        var star = list[10];
        const int n = 5000, k = 5;
        var item = new int[n]; var position = new int[n]; var clicked = new float[n]; var bought = new float[n];
        for (var e = 0; e < n; e++)
        {
            item[e] = list[e % list.Length]; position[e] = e % k;
            clicked[e] = bought[e] = item[e] == star ? 1 : 0;
        }
        var model = SlateQModel.Fit(new SlateQExamples(new float[n * SessionSignals.Count], item, position, clicked, bought, new float[n]), shop.Dataset.ItemCount, k);
        var policy = new SlateQPolicy(model, new SessionSignals(shop.Dataset, candidates, k));
        Assert.Equal("slateq(pop)", policy.Name);

        var env = new SessionEnvironment(shop, new SessionEnvironmentOptions { Slots = 32, SlateSize = k });
        var slates = new int[env.Slots * k]; var propensities = new float[env.Slots * k];
        policy.Act(env, slates, propensities);
        for (var s = 0; s < env.Slots; s++) Assert.Equal(star, slates[s * k]);
        Assert.All(propensities, p => Assert.Equal(1f, p));
        var first = new double[shop.Dataset.ItemCount];
        policy.FirstChoice(3, first);
        Assert.Equal(1.0, first[star]);
        Assert.Equal(1.0, first.Sum());

        env.Step(slates);
        policy.Act(env, slates, propensities);
        for (var s = 0; s < env.Slots; s++)
        {
            var slate = slates.AsSpan(s * k, k);
            Assert.Equal(k, slate.ToArray().Distinct().Count());
            Assert.All(slate.ToArray(), i => Assert.Contains(i, list));
            if (env.StepsInSession[s] > 0) Assert.DoesNotContain(star, slate.ToArray());
        }
    }
}
