using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Tests.Fusion;

/// <summary>A test model whose scores are given up front: scores[user][item].</summary>
internal sealed class FixedScoresRecommender(string name, float[][] scores) : RecommenderBase
{
    public override string Name => name;

    public int FitCount { get; private set; }

    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct) => FitCount++;

    protected override void ScoreCore(int user, Span<float> s) => scores[user].CopyTo(s);

    /// <summary>A training set with <paramref name="users"/> × <paramref name="items"/> ids and the given (user, item) rows.</summary>
    public static TrainingSet MakeTrainingSet(int users, int items, params (int User, int Item)[] rows)
    {
        var b = new InteractionsBuilder();
        foreach (var (u, i) in rows) b.Add(u, i);
        var userIds = new IdMap(Enumerable.Range(0, users).Select(i => $"u{i}"));
        var itemIds = new IdMap(Enumerable.Range(0, items).Select(i => $"i{i}"));
        return new TrainingSet(new Dataset("fixed", b.Build(), userIds, itemIds));
    }
}
