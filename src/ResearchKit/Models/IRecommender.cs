namespace ResearchKit.Models;

/// <summary>
/// The model contract every recommender implements (after implicit's <c>RecommenderBase</c>):
/// hyperparameters come in through an options record; <see cref="Fit"/> sets the learned state, which is read-only afterwards.
/// Fusion and evaluation talk to models only through this interface.
/// </summary>
public interface IRecommender
{
    /// <summary>Display name used in reports, e.g. "als".</summary>
    string Name { get; }

    /// <summary>Learns from the training set. Throws <see cref="ArgumentException"/> on an empty training set.</summary>
    void Fit(TrainingSet train, IProgress<FitProgress>? progress = null, CancellationToken ct = default);

    /// <summary>Writes one score per item (dense ids, length = item count) for <paramref name="user"/>; higher is better.</summary>
    void Score(int user, Span<float> scores);

    /// <summary>Top-<paramref name="k"/> items for <paramref name="user"/>; items the user saw in training are excluded by default.</summary>
    Recommendations Recommend(int user, int k, RecommendFilter? filter = null);
}

/// <summary>Optional capability: scoring many users at once (factor models do it with one GEMM).</summary>
public interface IBatchScorer
{
    /// <summary>
    /// Writes scores for <paramref name="users"/> into <paramref name="scores"/>, row-major
    /// (<c>users.Length × itemCount</c>).
    /// </summary>
    void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores);
}

/// <summary>Optional capability: item-to-item similarity.</summary>
public interface ISimilarItems
{
    /// <summary>The <paramref name="k"/> items most similar to <paramref name="item"/>, excluding itself.</summary>
    Recommendations SimilarItems(int item, int k);
}

/// <summary>Progress of a fit: step (iteration or epoch) out of total, with an optional loss.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Step">Completed steps (1-based).</param>
/// <param name="TotalSteps">Steps planned.</param>
/// <param name="Loss">Training loss after this step, when the model tracks one (NaN otherwise).</param>
/// <param name="Message">Free text (e.g. "epoch 3: 120k examples/s").</param>
public readonly record struct FitProgress(string Model, int Step, int TotalSteps, double Loss = double.NaN, string? Message = null);

/// <summary>Filters applied by <see cref="IRecommender.Recommend"/>.</summary>
public sealed record RecommendFilter
{
    /// <summary>The default: training items excluded, nothing else.</summary>
    public static RecommendFilter Default { get; } = new();

    /// <summary>Exclude the user's training items (default true).</summary>
    public bool ExcludeSeen { get; init; } = true;

    /// <summary>Further item ids never to recommend.</summary>
    public IReadOnlyCollection<int>? Exclude { get; init; }

    /// <summary>When set, only these item ids may be recommended.</summary>
    public IReadOnlyCollection<int>? Candidates { get; init; }
}

/// <summary>A ranked list of items with their scores, best first.</summary>
/// <param name="Items">Dense item ids, best first.</param>
/// <param name="Scores">Scores aligned with <paramref name="Items"/>.</param>
public sealed record Recommendations(int[] Items, float[] Scores)
{
    /// <summary>Number of recommended items.</summary>
    public int Count => Items.Length;
}
