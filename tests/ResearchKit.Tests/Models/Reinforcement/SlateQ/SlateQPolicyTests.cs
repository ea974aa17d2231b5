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

    [Fact]
    public void Act_ClickModelRewardsClicksInTheCategory_FollowsTheSessionsClicks()
    {
        // Only the "clicks in category" signal matters: after a session clicks in a category, that category comes first.
        var shop = SessionTestShop.Shop;
        var candidates = SessionTestShop.Popularity(60);
        const int n = 20_000, k = 5, f = SessionSignals.Count;
        var rng = new Random(4);
        var x = new float[n * f]; var item = new int[n]; var position = new int[n]; var clicked = new float[n]; var bought = new float[n];
        var list = candidates.Items(0).ToArray();
        for (var e = 0; e < n; e++)
        {
            item[e] = list[rng.Next(list.Length)]; position[e] = rng.Next(k);
            x[(e * f) + 4] = rng.Next(3);
            clicked[e] = rng.NextDouble() < 1 / (1 + Math.Exp(3 - (2 * x[(e * f) + 4]))) ? 1 : 0;
            bought[e] = clicked[e];
        }
        var model = SlateQModel.Fit(new SlateQExamples(x, item, position, clicked, bought, new float[n]), shop.Dataset.ItemCount, k, new SlateQOptions { ItemPrior = 50 });
        Assert.True(model.ClickWeights[4] > 1.5, $"clicks-in-category weight {model.ClickWeights[4]:F2}");
        var policy = new SlateQPolicy(model, new SessionSignals(shop.Dataset, candidates, k));
        var env = new SessionEnvironment(shop, new SessionEnvironmentOptions { Slots = 64, SlateSize = k }, seed: 2);
        var slates = new int[env.Slots * k]; var propensities = new float[env.Slots * k];
        var category = shop.Dataset.Items!.Category.ToArray();
        policy.Act(env, slates, propensities);
        var first = (int[])slates.Clone();
        env.Step(slates);
        policy.Observe(env, slates);
        var clickedCategories = Enumerable.Range(0, env.Slots).Select(s => env.Ended[s] ? [] : Enumerable.Range(0, k)
            .Where(j => env.Clicked[(s * k) + j] == 1).Select(j => category[first[(s * k) + j]]).ToHashSet()).ToArray();
        policy.Act(env, slates, propensities);
        var checkedSlots = 0;
        for (var s = 0; s < env.Slots; s++)
        {
            var shown = first.AsSpan(s * k, k).ToArray();
            // A clicked category with a candidate left to show: the slate must open with one of them.
            if (!list.Any(i => clickedCategories[s].Contains(category[i]) && !shown.Contains(i))) continue;
            checkedSlots++;
            Assert.Contains(category[slates[s * k]], clickedCategories[s]);
        }
        Assert.True(checkedSlots > 5, $"only {checkedSlots} sessions clicked on the first slate");
    }
}
