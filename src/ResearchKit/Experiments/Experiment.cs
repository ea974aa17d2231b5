using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Data.Splitting;
using ResearchKit.Models;
using ResearchKit.Evaluation;

namespace ResearchKit.Experiments;

/// <summary>Options of <see cref="Experiment"/>.Run.</summary>
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
    /// <summary>The pool the model and its members are fitted through (null: the model fits its own members).</summary>
    public ModelPool? Pool { get; init; }

    /// <summary>The model's canonical spec in <see cref="Pool"/>.</summary>
    public string? Key { get; init; }

    /// <summary>Creates the model a spec names through <see cref="ModelRegistry"/>, in a pool of its own.</summary>
    public static ExperimentModel FromSpec(ModelSpec spec) => FromSpec(spec, new ModelPool());

    /// <summary>Creates the model a spec names in <paramref name="pool"/>, sharing fitted members with its other models.</summary>
    public static ExperimentModel FromSpec(ModelSpec spec, ModelPool pool)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(pool);
        var created = pool.Create(spec);
        return new ExperimentModel(spec.Name, created.Model, created.Parameters) { Pool = pool, Key = created.Key };
    }

    /// <summary>Creates several models in one <see cref="ModelPool"/>: each distinct spec is fitted once and shared.</summary>
    public static IReadOnlyList<ExperimentModel> FromSpecs(IEnumerable<ModelSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(specs);
        var pool = new ModelPool();
        return specs.Select(s => FromSpec(s, pool)).ToList();
    }

    /// <summary>Parses a comma-separated model list such as <c>pop,als(factors=64),blend(models=als+ease)</c>, sharing one pool.</summary>
    public static IReadOnlyList<ExperimentModel> FromList(string specs) => FromSpecs(ModelSpec.ParseList(specs));
}

/// <summary>
/// Runs several models on one train/test split: each is fitted on the same <see cref="TrainingSet"/> (timed:
/// <c>fit_seconds</c>) and evaluated with <see cref="Evaluator"/> (timed: <c>recommend_seconds</c>, which covers
/// batch scoring, seen-item masking, top-k and the metrics). Returns the results.json of the design card.
/// </summary>
public static class Experiment
{
    /// <summary>
    /// Fits and evaluates every model on <paramref name="split"/>; results.json also records the test rows the split
    /// dropped (<see cref="DataSplit.DroppedTestRows"/>) and why.
    /// </summary>
    public static ExperimentResult Run(string datasetName, DataSplit split, IReadOnlyList<ExperimentModel> models,
        ExperimentOptions? options = null, IProgress<ExperimentProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        var result = Run(datasetName, split.Train, split.Test, models, options, progress, ct);
        if (split.DroppedTestRows == 0) return result;
        var info = result.Dataset with { DroppedTestRows = split.DroppedTestRows, DroppedTestReason = split.DroppedTestReason };
        return new ExperimentResult(info, result.K, result.Seed, result.Models, result.UserIds, result.ItemIds);
    }

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
            var (fitted, fitSeconds, members) = Fit(m, trainingSet, fitProgress, ct);
            var evalProgress = progress is null ? null
                : new SyncProgress<EvaluationProgress>(p => progress.Report(new ExperimentProgress(name, "evaluate", p.Total > 0 ? (double)p.Done / p.Total : 1, index, models.Count)));
            clock.Restart();
            var report = Evaluator.Evaluate(fitted, trainingSet, test, options.Evaluation, evalProgress, ct);
            var recommendSeconds = clock.Elapsed.TotalSeconds;
            progress?.Report(new ExperimentProgress(name, "evaluate", 1, index, models.Count));
            var parameters = m.Parameters;
            if (m.Model is Models.Deep.ITorchModel { DeviceUsed: { } device })   // what device=auto resolved to
                parameters = new Dictionary<string, string>(parameters, StringComparer.OrdinalIgnoreCase) { ["device"] = device };
            results.Add(new ModelResult(name, parameters, fitSeconds, recommendSeconds,
                report.MetricNames.ToDictionary(n => n, n => report.Aggregates[n], StringComparer.Ordinal), report) { MemberFitSeconds = members });
        }
        // Train and test share their id maps, so the maps' sizes count test-only users and items too; results.json
        // reports what the models were fitted on.
        var perUser = train.Interactions.CountPerUser(train.UserCount);
        var perItem = train.Interactions.CountPerItem(train.ItemCount);
        var trainUsers = perUser.Count(c => c > 0);
        var trainItems = perItem.Count(c => c > 0);
        // Test rows no collaborative model can be fitted for: users or items without a training row.
        int coldUserRows = 0, coldItemRows = 0;
        var testUsers = test.Interactions.Users; var testItems = test.Interactions.Items;
        for (var r = 0; r < testUsers.Length; r++)
        {
            if (perUser[testUsers[r]] == 0) coldUserRows++;
            if (perItem[testItems[r]] == 0) coldItemRows++;
        }
        var info = new DatasetInfo(datasetName, trainUsers, trainItems, train.Interactions.Count, test.Interactions.Count)
        {
            ColdUserTestRows = coldUserRows, ColdItemTestRows = coldItemRows,
        };
        return new ExperimentResult(info, options.Evaluation.K, options.Seed, results, train.UserIds, train.ItemIds);
    }

    // Through the pool a model's fit_seconds is its own stage; members it names report their single fit separately.
    private static (IRecommender Fitted, double Seconds, IReadOnlyDictionary<string, double>? Members) Fit(
        ExperimentModel m, TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        if (m.Pool is null || m.Key is null)
        {
            var clock = Stopwatch.StartNew();
            m.Model.Fit(train, progress, ct);
            return (m.Model, clock.Elapsed.TotalSeconds, null);
        }
        var (fitted, record) = m.Pool.Fit(m.Key, m.Model, train, progress, ct);
        if (record.Members.Count == 0) return (fitted, record.OwnSeconds, null);
        var members = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var f in record.Members) members.TryAdd(f.TuningSplit ? $"{f.Key} [tuning split]" : f.Key, f.Seconds);
        return (fitted, record.OwnSeconds, members);
    }
}
