namespace ResearchKit.Models;

/// <summary>
/// Optional capability of models whose score is a dot product: <c>s(u, i) = x_u · y_i + b_i + c_u</c>, with a
/// user vector <c>x_u</c>, item factors <c>y_i</c>, an optional item bias <c>b_i</c> and an optional per-user constant
/// <c>c_u</c>. It lets the batch top-k kernel score and select in one pass over the item factors without writing the
/// users × items score matrix (see <c>BatchRecommender.RecommendAll</c>).
/// </summary>
public interface IFactorScorer : IBatchScorer
{
    /// <summary>Length f of the user and item vectors.</summary>
    int Factors { get; }

    /// <summary>Item factors, items × f row-major.</summary>
    ReadOnlySpan<float> ItemFactors { get; }

    /// <summary>Item biases b_i (one per item), or empty when the model has none.</summary>
    ReadOnlySpan<float> ItemBias { get; }

    /// <summary>
    /// Writes the vectors of <paramref name="users"/> into <paramref name="vectors"/> (users × f, row-major) and their
    /// constants c_u into <paramref name="offsets"/>. Must be thread-safe.
    /// </summary>
    void GatherUserVectors(ReadOnlySpan<int> users, Span<float> vectors, Span<float> offsets);
}
