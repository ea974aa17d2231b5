using ResearchKit.Models;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

/// <summary>The checks every CF model passes (xunit theories over the models).</summary>
public class ConformanceTests
{
    public static TheoryData<string> All => CfFixtures.AllModels;
    public static TheoryData<string> Learning => CfFixtures.LearningModels;

    [Theory]
    [MemberData(nameof(Learning))]
    public void Recommend_Checkerboard_RecommendsOwnBlock(string name)
    {
        var train = CfFixtures.DataFor(name);
        var model = CfFixtures.Create(name);
        model.Fit(train);
        for (var u = 0; u < CfFixtures.Users; u++)
        {
            var recs = model.Recommend(u, 3);
            Assert.Equal(3, recs.Count);
            Assert.All(recs.Items, i => Assert.Equal(CfFixtures.Block(u), CfFixtures.Block(i)));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Recommend_AnyModel_NeverReturnsSeenItems(string name)
    {
        var train = CfFixtures.DataFor(name);
        var model = CfFixtures.Create(name);
        model.Fit(train);
        for (var u = 0; u < CfFixtures.Users; u++)
        {
            var seen = train.UserItems.RowIndices(u).ToArray();
            var recs = model.Recommend(u, CfFixtures.Items);
            Assert.Equal(CfFixtures.Items - seen.Length, recs.Count);
            Assert.Empty(recs.Items.Intersect(seen));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Fit_SameSeedAndThreads_GivesIdenticalScores(string name)
    {
        var train = CfFixtures.DataFor(name);
        var a = CfFixtures.Create(name); var b = CfFixtures.Create(name);
        a.Fit(train); b.Fit(train);
        AssertSameScores(a, b);
    }

    [Theory]
    [InlineData("itemknn")]
    [InlineData("als")]
    [InlineData("ease")]
    public void Fit_OneOrTwoThreads_GivesIdenticalScores(string name)
    {
        var train = CfFixtures.DataFor(name);
        var a = CfFixtures.Create(name, threads: 1); var b = CfFixtures.Create(name, threads: 2);
        a.Fit(train); b.Fit(train);
        AssertSameScores(a, b);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Fit_Empty_ThrowsNamingModel(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => CfFixtures.Create(name).Fit(CfFixtures.Empty()));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Learning))]
    public void Fit_OneUser_ThrowsNamingModel(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => CfFixtures.Create(name).Fit(CfFixtures.OneUser()));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains("at least 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(All))]
    public void SaveLoad_RoundTrip_GivesIdenticalScores(string name)
    {
        var train = CfFixtures.DataFor(name);
        var model = CfFixtures.Create(name);
        model.Fit(train);
        var path = Path.Combine(Path.GetTempPath(), $"rk-{name}-{Guid.NewGuid():N}.safetensors");
        try
        {
            ((IPersistentRecommender)model).Save(path);
            var loaded = ModelFile.Load(path, train);
            Assert.Equal(name, loaded.Name);
            var sa = new float[CfFixtures.Items]; var sb = new float[CfFixtures.Items];
            for (var u = 0; u < CfFixtures.Users; u++)
            {
                model.Score(u, sa); loaded.Score(u, sb);
                Assert.Equal(sa, sb);
                Assert.Equal(model.Recommend(u, 5).Items, loaded.Recommend(u, 5).Items);
            }
        }
        finally { File.Delete(path); }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Registry_KnownAndUnknownParameters(string name)
    {
        Assert.Equal(name, ModelRegistry.Create(name).Name);
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create($"{name}(nosuch=1)"));
        Assert.Contains("nosuch", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("als(factors=8,iterations=2,reg=0.1,alpha=3,cg=2,seed=1,threads=1,solver=cholesky)")]
    [InlineData("bpr(factors=8,iterations=2,lr=0.1,reg=0.01,negatives=popularity,verify=false,seed=1,threads=1)")]
    [InlineData("itemknn(neighbors=5,similarity=jaccard,halflife=30)")]
    [InlineData("ease(reg=10,binary=false)")]
    [InlineData("mf(factors=4,iterations=3,lr=0.01,reg=0.1,seed=2)")]
    public void Registry_SharedParameterNames_FitOnCheckerboard(string spec)
    {
        var model = ModelRegistry.Create(spec);
        model.Fit(CfFixtures.Checkerboard(ratings: model.Name == "mf"));
        Assert.Equal(5, model.Recommend(0, 5).Count);
    }

    [Fact]
    public void Registry_BadEnumValue_ListsChoices()
    {
        var e = Assert.Throws<ArgumentException>(() => ModelRegistry.Create("bpr(negatives=hard)"));
        Assert.Contains("uniform", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_DifferentSeeds_GiveDifferentOrders()
    {
        var train = CfFixtures.Checkerboard();
        var a = ModelRegistry.Create("random(seed=1)"); var b = ModelRegistry.Create("random(seed=2)");
        a.Fit(train); b.Fit(train);
        Assert.NotEqual(a.Recommend(0, 10).Items, b.Recommend(0, 10).Items);
    }

    private static void AssertSameScores(IRecommender a, IRecommender b)
    {
        var sa = new float[CfFixtures.Items]; var sb = new float[CfFixtures.Items];
        for (var u = 0; u < CfFixtures.Users; u++)
        {
            a.Score(u, sa); b.Score(u, sb);
            Assert.Equal(sa, sb);
        }
    }
}
