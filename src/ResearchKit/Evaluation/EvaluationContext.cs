using ResearchKit.Data;
using ResearchKit.Evaluation.Metrics;

namespace ResearchKit.Evaluation;

/// <summary>
/// What the metrics need besides a user's list and relevant set, derived once from the training data:
/// item popularity (distinct training users per item), the number of training users, each user's training items,
/// and the item similarity for diversity/serendipity. Without training data only accuracy metrics are defined.
/// </summary>
public sealed class EvaluationContext
{
    private EvaluationContext(int catalogSize, CsrMatrix? userItems, int[]? popularity, int trainUsers, IItemSimilarity? similarity)
    {
        CatalogSize = catalogSize; UserItems = userItems; Popularity = popularity; TrainUserCount = trainUsers; Similarity = similarity;
    }

    /// <summary>Items in the catalogue (the denominator of coverage, the population of Gini).</summary>
    public int CatalogSize { get; }

    /// <summary>Training user × item matrix (histories), when training data was given.</summary>
    public CsrMatrix? UserItems { get; }

    /// <summary>Distinct training users per item, when training data was given.</summary>
    public int[]? Popularity { get; }

    /// <summary>Users with at least one training interaction (the |U| of novelty).</summary>
    public int TrainUserCount { get; }

    /// <summary>Similarity for diversity/serendipity (null: those metrics are not computed).</summary>
    public IItemSimilarity? Similarity { get; }

    /// <summary>The training items of <paramref name="user"/> (empty without training data).</summary>
    public ReadOnlySpan<int> History(int user) =>
        UserItems is { } m && (uint)user < (uint)m.Rows ? m.RowIndices(user) : [];

    /// <summary>Context with no training data: only accuracy metrics.</summary>
    public static EvaluationContext WithoutTraining(int catalogSize) => new(catalogSize, null, null, 0, null);

    /// <summary>
    /// Context from training matrices. <paramref name="similarity"/> null = categories from <paramref name="catalog"/>
    /// when it has them, else co-occurrence cosine over <paramref name="itemUsers"/>.
    /// </summary>
    public static EvaluationContext FromTraining(CsrMatrix userItems, CsrMatrix itemUsers, ItemCatalog? catalog = null, IItemSimilarity? similarity = null)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(itemUsers);
        var popularity = new int[itemUsers.Rows];
        for (var i = 0; i < popularity.Length; i++) popularity[i] = itemUsers.RowLength(i);
        var users = 0;
        for (var u = 0; u < userItems.Rows; u++) if (userItems.RowLength(u) > 0) users++;
        similarity ??= catalog is { HasCategories: true } ? new CategorySimilarity(catalog) : new CooccurrenceSimilarity(itemUsers);
        return new EvaluationContext(itemUsers.Rows, userItems, popularity, users, similarity);
    }
}
