using System.Globalization;
using ResearchKit.Models.CollaborativeFiltering;

namespace ResearchKit.Models.Baselines;

/// <summary>Options for <see cref="RandomRecommender"/>.</summary>
public sealed record RandomOptions
{
    /// <summary>Seed of the scores (default 42): the same seed gives every user the same list every time.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Nothing to validate; present for uniformity with the other models.</summary>
    public void Validate() { }
}

/// <summary>
/// Scores every item with a uniform random number drawn from a stream seeded by (seed, user): a lower bound for
/// every metric, and deterministic (independent of call order and thread count).
/// </summary>
public sealed class RandomRecommender : RecommenderBase, IPersistentRecommender
{
    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public RandomRecommender(RandomOptions? options = null)
    {
        Options = options ?? new RandomOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public RandomOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "random";

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct) =>
        progress?.Report(new FitProgress(Name, 1, 1));

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        var rng = new SplitMix(Options.Seed, user);
        for (var i = 0; i < scores.Length; i++) scores[i] = rng.NextFloat();
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        var file = ModelFile.Create(Name, Options, Train);
        file.Metadata["seed"] = Options.Seed.ToString(CultureInfo.InvariantCulture);
        ModelFile.Save(file, path);
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    public static RandomRecommender Load(string path, TrainingSet train)
    {
        var file = ModelFile.Open(path, train, "random");
        var model = new RandomRecommender(ModelFile.Options<RandomOptions>(file));
        model.AttachTrainingSet(train);
        return model;
    }
}
