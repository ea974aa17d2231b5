using ResearchKit.Data.Synthetic;
using ResearchKit.Models;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Tests.Models.Reinforcement.Sessions;

/// <summary>A small shop shared by the session tests (generated once), and policies that repeat or renew slates.</summary>
internal static class SessionTestShop
{
    private static readonly Lazy<SyntheticShop> Lazy = new(() => SyntheticShop.Generate(new SyntheticShopOptions { Users = 600, Items = 300, Seed = 7 }));

    public static SyntheticShop Shop => Lazy.Value;

    public static CandidateTable Popularity(int candidates = 50)
    {
        var pop = new PopularityRecommender();
        pop.Fit(new TrainingSet(Shop.Dataset));
        return new CandidateTable(pop, Shop.Dataset.UserCount, Shop.Dataset.ItemCount, candidates);
    }
}

/// <summary>Shows each session one random slate, then the same slate again at every step.</summary>
internal sealed class RepeatSlatePolicy(int seed) : ISlatePolicy
{
    private readonly RandomSlatePolicy _random = new(seed);
    private int[] _fresh = [], _held = [];
    private float[] _p = [];

    public string Name => "repeat";

    public void Act(SessionEnvironment env, Span<int> slates, Span<float> propensities)
    {
        if (_held.Length == 0) { _fresh = new int[slates.Length]; _held = new int[slates.Length]; _p = new float[slates.Length]; }
        _random.Act(env, _fresh, _p);  // fresh slates, used only where a session starts
        var k = env.SlateSize;
        for (var s = 0; s < env.Slots; s++)
            if (env.StepsInSession[s] == 0) _fresh.AsSpan(s * k, k).CopyTo(_held.AsSpan(s * k, k));
        _held.CopyTo(slates);
        propensities.Fill(1f);
    }
}
