using ResearchKit.Data;
using ResearchKit.Models;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Tests.Models.CollaborativeFiltering;

/// <summary>Small data sets with known answers, and test-sized versions of every CF model.</summary>
internal static class CfFixtures
{
    public const int Users = 40;
    public const int Items = 30;

    /// <summary>Group of a user / block of an item in the checkerboard: users u%2 like items i%2.</summary>
    public static int Block(int id) => id % 2;

    /// <summary>
    /// Checkerboard: user u interacts with 9 of the 15 items of block u%2 and nothing else. With
    /// <paramref name="ratings"/>, in-block pairs are rated 5 and each user also rates 3 out-of-block items 1
    /// (explicit data for biased MF).
    /// </summary>
    public static TrainingSet Checkerboard(bool ratings = false, int seed = 7)
    {
        var rng = new Random(seed);
        var b = new InteractionsBuilder();
        for (var u = 0; u < Users; u++)
        {
            // 9 of the 15 in-block items, so at least 6 stay unseen to be recommended.
            var block = Enumerable.Range(0, Items / 2).Select(k => (k * 2) + Block(u)).OrderBy(_ => rng.Next()).Take(9).Order();
            foreach (var i in block) b.Add(u, i, ratings ? 5f : 1f, 1_600_000_000 + (u * 100) + i, ratings ? EventKind.Rating : EventKind.View);
            if (ratings)
                for (var k = 0; k < 3; k++) b.Add(u, (rng.Next(Items / 2) * 2) + 1 - Block(u), 1f, 1_600_000_000, EventKind.Rating);
        }
        return Wrap("checkerboard", b.Build(), Users, Items);
    }

    public static TrainingSet Wrap(string name, Interactions log, int users, int items) =>
        new(new Dataset(name, log, new IdMap(Enumerable.Range(0, users).Select(i => $"u{i}")), new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}"))));

    public static TrainingSet OneUser()
    {
        var b = new InteractionsBuilder();
        b.Add(0, 0); b.Add(0, 1);
        return Wrap("one-user", b.Build(), 1, 2);
    }

    public static TrainingSet Empty() => Wrap("empty", Interactions.Empty, 0, 0);

    /// <summary>Test-sized models (small f, few iterations) by registry name.</summary>
    public static IRecommender Create(string name, int threads = 2) => name switch
    {
        "random" => new RandomRecommender(new RandomOptions { Seed = 3 }),
        "itemknn" => new ItemKnnRecommender(new ItemKnnOptions { Neighbors = 20, Threads = threads }),
        "als" => new AlsRecommender(new AlsOptions { Factors = 4, Iterations = 15, Regularization = 1f, Alpha = 5, Threads = threads }),
        "bpr" => new BprRecommender(new BprOptions { Factors = 8, Iterations = 60, LearningRate = 0.05f, Regularization = 0.01f, Threads = 1 }),
        "ease" => new EaseRecommender(new EaseOptions { Regularization = 5, Threads = threads }),
        "mf" => new BiasedMfRecommender(new BiasedMfOptions { Factors = 8, Iterations = 60, LearningRate = 0.02f }),
        _ => throw new ArgumentException(name),
    };

    /// <summary>The data a model is checked on (ratings for biased MF).</summary>
    public static TrainingSet DataFor(string name) => Checkerboard(ratings: name == "mf");

    public static readonly TheoryData<string> AllModels = new() { "random", "itemknn", "als", "bpr", "ease", "mf" };
    public static readonly TheoryData<string> LearningModels = new() { "itemknn", "als", "bpr", "ease", "mf" };
}
