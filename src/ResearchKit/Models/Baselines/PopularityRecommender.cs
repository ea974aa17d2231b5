namespace ResearchKit.Models.Baselines;

/// <summary>Options for <see cref="PopularityRecommender"/>.</summary>
public sealed record PopularityOptions
{
    /// <summary>
    /// Half-life of the time decay in days: an interaction <c>Δ</c> days before the newest one weighs
    /// <c>2^(−Δ/halfLife)</c>. 0 (default) disables decay, so popularity is the plain interaction count.
    /// </summary>
    public double HalfLifeDays { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (HalfLifeDays < 0 || double.IsNaN(HalfLifeDays))
            throw new ArgumentException($"{nameof(HalfLifeDays)} must be ≥ 0, got {HalfLifeDays}.");
    }
}

/// <summary>
/// Recommends the most popular items (the number of distinct training interactions per item, optionally
/// time-decayed) to everyone. The baseline every model must beat.
/// </summary>
public sealed class PopularityRecommender : RecommenderBase
{
    private float[] _popularity = [];

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public PopularityRecommender(PopularityOptions? options = null)
    {
        Options = options ?? new PopularityOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public PopularityOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "pop";

    /// <summary>The learned popularity per item (read-only).</summary>
    public ReadOnlySpan<float> Popularity => _popularity;

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var log = train.Data.Interactions;
        var pop = new float[train.ItemCount];
        if (Options.HalfLifeDays > 0)
        {
            var newest = System.Numerics.Tensors.TensorPrimitives.Max(log.Timestamps);
            var lambda = Math.Log(2) / (Options.HalfLifeDays * 86400.0);
            var items = log.Items; var times = log.Timestamps;
            for (var i = 0; i < log.Count; i++) pop[items[i]] += (float)Math.Exp(-lambda * (newest - times[i]));
        }
        else
        {
            // Distinct (user, item) pairs: a user who viewed an item ten times counts once.
            var m = train.ItemUsers;
            for (var i = 0; i < m.Rows; i++) pop[i] = m.RowLength(i);
        }
        _popularity = pop;
        progress?.Report(new FitProgress(Name, 1, 1));
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores) => _popularity.CopyTo(scores);
}
