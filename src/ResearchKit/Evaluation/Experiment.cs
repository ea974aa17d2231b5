using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Evaluation;

/// <summary>Options of <see cref="Experiment.Run"/>.</summary>
public sealed record ExperimentOptions
{
    /// <summary>Evaluation protocol (k, exclusions, which metrics); defaults to <see cref="EvaluationOptions"/>'s.</summary>
    public EvaluationOptions Evaluation { get; init; } = new();

    /// <summary>The seed recorded in results.json (the split and the models' own seeds come from it; default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Evaluation is null) throw new ArgumentException($"{nameof(Evaluation)} must not be null.");
        Evaluation.Validate();
    }
}

/// <summary>What an experiment is doing now, for progress bars.</summary>
/// <param name="Model">Model name.</param>
/// <param name="Stage">"fit" or "evaluate".</param>
/// <param name="Fraction">Progress of that stage in [0, 1].</param>
/// <param name="ModelIndex">0-based index of the model.</param>
/// <param name="ModelCount">Number of models.</param>
public readonly record struct ExperimentProgress(string Model, string Stage, double Fraction, int ModelIndex, int ModelCount);

/// <summary>A model to run: the instance, the name to report and its resolved parameters.</summary>
/// <param name="Name">Name in reports and the recommendation CSV name.</param>
/// <param name="Model">An unfitted model.</param>
/// <param name="Parameters">Hyperparameters as reported in results.json.</param>
public sealed record ExperimentModel(string Name, IRecommender Model, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>Creates the model a spec names through <see cref="ModelRegistry"/>.</summary>
    public static ExperimentModel FromSpec(ModelSpec spec)
    {
        var (model, parameters) = ModelRegistry.Create(spec);
        return new ExperimentModel(spec.Name, model, parameters);
    }

    /// <summary>Parses a comma-separated model list such as <c>pop,als(factors=64)</c>.</summary>
    public static IReadOnlyList<ExperimentModel> FromList(string specs) => ModelSpec.ParseList(specs).Select(FromSpec).ToList();
}

/// <summary>
/// Runs several models on one train/test split: each is fitted on the same <see cref="TrainingSet"/> (timed:
/// <c>fit_seconds</c>) and evaluated with <see cref="Evaluator"/> (timed: <c>recommend_seconds</c>, which covers
/// batch scoring, seen-item masking, top-k and the metrics). Returns the results.json of the design card.
/// </summary>
public static class Experiment
{
    /// <summary>Fits and evaluates every model in order.</summary>
    public static ExperimentResult Run(string datasetName, Dataset train, Dataset test, IReadOnlyList<ExperimentModel> models,
        ExperimentOptions? options = null, IProgress<ExperimentProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(datasetName);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(models);
        options ??= new ExperimentOptions();
        options.Validate();
        if (models.Count == 0) throw new ArgumentException("An experiment needs at least one model.", nameof(models));
        var trainingSet = new TrainingSet(train);
        trainingSet.EnsureFittable("experiment");
        var results = new List<ModelResult>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < models.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            var m = models[i];
            var name = m.Name;
            for (var n = 2; !names.Add(name); n++) name = $"{m.Name}-{n}";
            var index = i;
            progress?.Report(new ExperimentProgress(name, "fit", 0, index, models.Count));
            var fitProgress = progress is null ? null
                : new SyncProgress<FitProgress>(p => progress.Report(new ExperimentProgress(name, "fit", p.TotalSteps > 0 ? (double)p.Step / p.TotalSteps : 0, index, models.Count)));
            var clock = Stopwatch.StartNew();
            m.Model.Fit(trainingSet, fitProgress, ct);
            var fitSeconds = clock.Elapsed.TotalSeconds;
            var evalProgress = progress is null ? null
                : new SyncProgress<EvaluationProgress>(p => progress.Report(new ExperimentProgress(name, "evaluate", p.Total > 0 ? (double)p.Done / p.Total : 1, index, models.Count)));
            clock.Restart();
            var report = Evaluator.Evaluate(m.Model, trainingSet, test, options.Evaluation, evalProgress, ct);
            var recommendSeconds = clock.Elapsed.TotalSeconds;
            progress?.Report(new ExperimentProgress(name, "evaluate", 1, index, models.Count));
            var parameters = m.Parameters;
            if (m.Model is Models.Deep.ITorchModel { DeviceUsed: { } device })   // what device=auto resolved to
                parameters = new Dictionary<string, string>(parameters, StringComparer.OrdinalIgnoreCase) { ["device"] = device };
            results.Add(new ModelResult(name, parameters, fitSeconds, recommendSeconds,
                report.MetricNames.ToDictionary(n => n, n => report.Aggregates[n], StringComparer.Ordinal), report));
        }
        var info = new DatasetInfo(datasetName, train.UserCount, train.ItemCount, train.Interactions.Count, test.Interactions.Count);
        return new ExperimentResult(info, options.Evaluation.K, options.Seed, results, train.UserIds, train.ItemIds);
    }
}
