using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>Options for <see cref="SwitchingRecommender"/>.</summary>
public sealed record SwitchingOptions
{
    /// <summary>Users with fewer training interactions than this are served by the cold-start model (default 5).</summary>
    public int MinInteractions { get; init; } = 5;

    /// <summary>Fit the components inside <c>Fit</c> (default true).</summary>
    public bool FitComponents { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (MinInteractions < 0) throw new ArgumentException($"{nameof(MinInteractions)} must be ≥ 0, got {MinInteractions}.");
    }
}

/// <summary>
/// A switching hybrid (Burke 2002): users with little history get the cold-start model (e.g. popularity or a
/// feature-based deep model), everyone else the warm model (e.g. ALS).
/// </summary>
public sealed class SwitchingRecommender : RecommenderBase
{
    private readonly IRecommender _cold;
    private readonly IRecommender _warm;

    /// <summary>Creates a switch between <paramref name="cold"/> and <paramref name="warm"/>.</summary>
    public SwitchingRecommender(IRecommender cold, IRecommender warm, SwitchingOptions? options = null)
    {
        _cold = cold ?? throw new ArgumentNullException(nameof(cold));
        _warm = warm ?? throw new ArgumentNullException(nameof(warm));
        Options = options ?? new SwitchingOptions();
        Options.Validate();
        Name = $"switch({_cold.Name}|{_warm.Name})";
    }

    /// <summary>The options.</summary>
    public SwitchingOptions Options { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        if (!Options.FitComponents) return;
        _cold.Fit(train, progress, ct);
        _warm.Fit(train, progress, ct);
    }

    /// <summary>True when <paramref name="user"/> is served by the cold-start model.</summary>
    public bool IsCold(int user) => Train.UserItems.RowLength(user) < Options.MinInteractions;

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores) =>
        (IsCold(user) ? _cold : _warm).Score(user, scores);
}
