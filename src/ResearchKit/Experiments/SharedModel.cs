using ResearchKit.Models;
namespace ResearchKit.Experiments;

/// <summary>
/// A fusion's handle on a member held by a <see cref="ModelPool"/>: <see cref="Fit"/> asks the pool for the member
/// fitted on that training set (fitting it only the first time any fusion asks) and scoring reads the shared instance.
/// The fusion never refits or changes the member.
/// </summary>
public sealed class SharedModel : IRecommender
{
    private readonly ModelPool _pool;
    private readonly Func<IRecommender> _create;
    private IRecommender? _fitted;

    /// <summary>Creates the handle; <paramref name="create"/> makes an unfitted instance when the pool needs one.</summary>
    public SharedModel(ModelPool pool, string key, string name, Func<IRecommender> create)
    {
        _pool = pool ?? throw new ArgumentNullException(nameof(pool));
        Key = key ?? throw new ArgumentNullException(nameof(key));
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _create = create ?? throw new ArgumentNullException(nameof(create));
    }

    /// <summary>The member's canonical spec.</summary>
    public string Key { get; }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>The shared fitted instance (null before <see cref="Fit"/>).</summary>
    public IRecommender? Fitted => _fitted;

    /// <inheritdoc />
    public void Fit(TrainingSet train, IProgress<FitProgress>? progress = null, CancellationToken ct = default) =>
        _fitted = _pool.Resolve(Key, _create, train, progress, ct);

    /// <inheritdoc />
    public void Score(int user, Span<float> scores) => Inner.Score(user, scores);

    /// <inheritdoc />
    public Recommendations Recommend(int user, int k, RecommendFilter? filter = null) => Inner.Recommend(user, k, filter);

    private IRecommender Inner => _fitted ?? throw new InvalidOperationException($"{Name}: call Fit before scoring or recommending.");
}
