using System.Buffers;

namespace ResearchKit.Models;

/// <summary>
/// Base class doing the bookkeeping every model shares: the fitted flag, the training set (for seen-item
/// exclusion) and <see cref="Recommend"/> on top of <see cref="Score"/> via the shared <see cref="TopK"/> kernel.
/// </summary>
public abstract class RecommenderBase : IRecommender
{
    private TrainingSet? _train;

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>The training set of the last fit.</summary>
    protected TrainingSet Train => _train ?? throw new InvalidOperationException($"{Name}: call Fit before scoring or recommending.");

    /// <summary>True once <see cref="Fit"/> has completed.</summary>
    public bool IsFitted => _train is not null;

    /// <summary>Number of items the model scores.</summary>
    public int ItemCount => Train.ItemCount;

    /// <inheritdoc />
    public void Fit(TrainingSet train, IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        train.EnsureFittable(Name);
        _train = null;
        FitCore(train, progress, ct);
        _train = train;
    }

    /// <summary>
    /// Marks a model restored from a file as fitted on <paramref name="train"/> (used by the models' <c>Load</c>
    /// methods: the training set supplies the seen items to exclude and the id space).
    /// </summary>
    protected void AttachTrainingSet(TrainingSet train) => _train = train ?? throw new ArgumentNullException(nameof(train));

    /// <summary>The model's learning, given a non-empty training set.</summary>
    protected abstract void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct);

    /// <inheritdoc />
    public void Score(int user, Span<float> scores)
    {
        var train = Train;
        if (scores.Length != train.ItemCount) throw new ArgumentException($"{Name}: scores must have one entry per item ({train.ItemCount}), got {scores.Length}.", nameof(scores));
        if ((uint)user >= (uint)train.UserCount) throw new ArgumentOutOfRangeException(nameof(user), user, $"{Name}: user must be in [0, {train.UserCount}).");
        ScoreCore(user, scores);
    }

    /// <summary>Writes the scores of a valid user; <paramref name="scores"/> has one slot per item.</summary>
    protected abstract void ScoreCore(int user, Span<float> scores);

    /// <inheritdoc />
    public Recommendations Recommend(int user, int k, RecommendFilter? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        filter ??= RecommendFilter.Default;
        var n = Train.ItemCount;
        var buffer = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = buffer.AsSpan(0, n);
            Score(user, scores);
            ApplyFilter(Train, user, filter, scores);
            return TopK.Select(scores, k);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>Masks (sets to −∞) what <paramref name="filter"/> rules out for <paramref name="user"/>.</summary>
    public static void ApplyFilter(TrainingSet train, int user, RecommendFilter filter, Span<float> scores)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.ExcludeSeen && user < train.UserItems.Rows)
            foreach (var item in train.UserItems.RowIndices(user)) scores[item] = float.NegativeInfinity;
        if (filter.Exclude is { } exclude)
            foreach (var item in exclude) if ((uint)item < (uint)scores.Length) scores[item] = float.NegativeInfinity;
        if (filter.Candidates is { } candidates)
        {
            var keep = new bool[scores.Length];
            foreach (var item in candidates) if ((uint)item < (uint)keep.Length) keep[item] = true;
            for (var i = 0; i < scores.Length; i++) if (!keep[i]) scores[i] = float.NegativeInfinity;
        }
    }
}
