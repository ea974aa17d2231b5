using ResearchKit.Evaluation;
using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>Options for <see cref="TunedBlendRecommender"/>.</summary>
public sealed record TunedBlendOptions
{
    /// <summary>Share of each user's training interactions held out for tuning (default 0.2).</summary>
    public double ValidationFraction { get; init; } = 0.2;

    /// <summary>Candidate weights tried for each component (default 0, 0.25, 0.5, 1, 2, 4).</summary>
    public IReadOnlyList<double> Grid { get; init; } = [0, 0.25, 0.5, 1, 2, 4];

    /// <summary>Rounds of coordinate ascent over the components (default 2).</summary>
    public int Rounds { get; init; } = 2;

    /// <summary>The metric maximised on the validation split (default "ndcg@10"; any name the evaluator reports).</summary>
    public string Metric { get; init; } = "ndcg@10";

    /// <summary>List length of the validation evaluation (default 10).</summary>
    public int K { get; init; } = 10;

    /// <summary>Score normalisation inside the blend (default z-score).</summary>
    public ScoreNormalization Normalization { get; init; } = ScoreNormalization.ZScore;

    /// <summary>Seed of the validation split (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (!(ValidationFraction is > 0 and < 1)) throw new ArgumentException($"{nameof(ValidationFraction)} must be in (0, 1), got {ValidationFraction}.");
        if (Grid is null || Grid.Count == 0 || Grid.Any(w => !(w >= 0) || double.IsInfinity(w)))
            throw new ArgumentException($"{nameof(Grid)} must hold finite weights ≥ 0.");
        if (Rounds < 1) throw new ArgumentException($"{nameof(Rounds)} must be ≥ 1, got {Rounds}.");
        if (K < 1) throw new ArgumentException($"{nameof(K)} must be ≥ 1, got {K}.");
        if (string.IsNullOrWhiteSpace(Metric)) throw new ArgumentException($"{nameof(Metric)} must name a metric, e.g. ndcg@10.");
    }
}

/// <summary>
/// A weighted blend whose weights are learned without touching the test set: <c>Fit</c> carves a stratified validation
/// split out of the training data, fits the components on the rest, picks the weights by coordinate ascent over
/// <see cref="TunedBlendOptions.Grid"/> maximising <see cref="TunedBlendOptions.Metric"/> on the validation users, then
/// refits the components on the whole training set and blends them with the chosen weights (a linear stacking, after
/// Sill et al. 2009's feature-weighted linear stacking without the features).
/// </summary>
public sealed class TunedBlendRecommender : RecommenderBase
{
    private readonly Func<IRecommender>[] _factories;
    private WeightedBlendRecommender? _blend;
    private double[] _weights = [];

    /// <summary>Creates the tuned blend; each factory makes a fresh, unfitted component.</summary>
    public TunedBlendRecommender(IReadOnlyList<Func<IRecommender>> componentFactories, TunedBlendOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(componentFactories);
        if (componentFactories.Count == 0) throw new ArgumentException("tuned: at least one component model is required.", nameof(componentFactories));
        _factories = componentFactories.ToArray();
        Options = options ?? new TunedBlendOptions();
        Options.Validate();
        Name = $"tuned({string.Join("+", _factories.Select(f => f().Name))})";
    }

    /// <summary>The options.</summary>
    public TunedBlendOptions Options { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>The learned weight per component, in order.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>The validation metric reached by the learned weights.</summary>
    public double ValidationScore { get; private set; } = double.NaN;

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var (inner, validation) = train.Holdout(Options.ValidationFraction, Options.Seed);
        var parts = _factories.Select(f => f()).ToArray();
        // One progress scale for the whole fit: each member on the inner split, each tuning step, each final refit.
        var steps = (Options.Rounds * parts.Length) + (2 * parts.Length); var step = 0;
        foreach (var p in parts)
        {
            ct.ThrowIfCancellationRequested();
            p.Fit(inner, null, ct);
            progress?.Report(new FitProgress(Name, ++step, steps, Message: $"fitted {p.Name} on the tuning split"));
        }

        var weights = Enumerable.Repeat(1.0, parts.Length).ToArray();
        var best = Evaluate(parts, weights, inner, validation);
        for (var round = 0; round < Options.Rounds; round++)
        {
            for (var c = 0; c < parts.Length; c++)
            {
                ct.ThrowIfCancellationRequested();
                var keep = weights[c];
                foreach (var w in Options.Grid)
                {
                    if (w == keep) continue;
                    weights[c] = w;
                    if (weights.All(x => x == 0)) continue;
                    var score = Evaluate(parts, weights, inner, validation);
                    if (score > best + 1e-12) { best = score; keep = w; }
                }
                weights[c] = keep;
                progress?.Report(new FitProgress(Name, ++step, steps, Message: $"{Options.Metric} {best:F4} with weights {string.Join("/", weights)}"));
            }
        }

        var final = _factories.Select(f => f()).ToArray();
        foreach (var p in final)
        {
            ct.ThrowIfCancellationRequested();
            p.Fit(train, null, ct);
            progress?.Report(new FitProgress(Name, ++step, steps, Message: $"refitted {p.Name} on all training data"));
        }
        _blend = new WeightedBlendRecommender(final.Select((m, i) => new FusionComponent(m, weights[i])).ToArray(),
            new WeightedBlendOptions { Normalization = Options.Normalization, FitComponents = false });
        _blend.Fit(train, null, ct);
        _weights = weights;
        ValidationScore = best;
    }

    private double Evaluate(IRecommender[] parts, double[] weights, TrainingSet inner, Data.Dataset validation)
    {
        var blend = new WeightedBlendRecommender(parts.Select((m, i) => new FusionComponent(m, weights[i])).ToArray(),
            new WeightedBlendOptions { Normalization = Options.Normalization, FitComponents = false });
        blend.Fit(inner);
        var report = Evaluator.Evaluate(blend, inner, validation,
            new EvaluationOptions { K = Options.K, Auc = false, BeyondAccuracy = false });
        return report[Options.Metric];
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores) => _blend!.Score(user, scores);
}
