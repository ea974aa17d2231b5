using System.Numerics.Tensors;

namespace ResearchKit.Models.Reinforcement;

/// <summary>Options for <see cref="ExplorationBonusRecommender"/>.</summary>
public sealed record ExplorationBonusOptions
{
    /// <summary>Weight c of the exploration bonus (default 0.5; 0 gives the base model's ranking).</summary>
    public double Exploration { get; init; } = 0.5;

    /// <summary>Fit the base model inside <c>Fit</c> (default true).</summary>
    public bool FitBase { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (!(Exploration >= 0) || double.IsInfinity(Exploration))
            throw new ArgumentException($"{nameof(Exploration)} must be a finite value ≥ 0, got {Exploration}.");
    }
}

/// <summary>
/// A UCB-style exploration policy over a base model, treating each item's training interactions as its exposure
/// count: <c>s(u,i) = z(base(u,·))_i + c·√(ln N / (1 + n_i))</c>, where z standardises the base scores per user,
/// N is the number of training interactions and n_i the item's (Auer et al. 2002's bonus, applied to items).
/// Rarely seen items get a larger bonus, which trades a little accuracy for coverage and long-tail exposure —
/// the bandit component of the kit's fusion experiments.
/// </summary>
public sealed class ExplorationBonusRecommender : RecommenderBase
{
    private readonly IRecommender _base;
    private float[] _bonus = [];

    /// <summary>Wraps <paramref name="baseModel"/>.</summary>
    public ExplorationBonusRecommender(IRecommender baseModel, ExplorationBonusOptions? options = null)
    {
        _base = baseModel ?? throw new ArgumentNullException(nameof(baseModel));
        Options = options ?? new ExplorationBonusOptions();
        Options.Validate();
        Name = $"ucb({_base.Name})";
    }

    /// <summary>The options.</summary>
    public ExplorationBonusOptions Options { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The per-item bonus c·√(ln N / (1 + n_i)) learned at fit time.</summary>
    public ReadOnlySpan<float> Bonus => _bonus;

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        if (Options.FitBase) _base.Fit(train, progress, ct);
        var itemUsers = train.ItemUsers;
        var logN = Math.Log(Math.Max(2, itemUsers.Nnz));
        var bonus = new float[train.ItemCount];
        for (var i = 0; i < bonus.Length; i++)
            bonus[i] = (float)(Options.Exploration * Math.Sqrt(logN / (1 + itemUsers.RowLength(i))));
        _bonus = bonus;
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        _base.Score(user, scores);
        ScoreNormalizer.Normalize(scores, ScoreNormalization.ZScore);
        TensorPrimitives.Add(scores, _bonus, scores);
    }
}
