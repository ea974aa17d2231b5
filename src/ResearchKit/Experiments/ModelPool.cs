using System.Diagnostics;
using ResearchKit.Models;

namespace ResearchKit.Experiments;

/// <summary>One member's fit as seen by the fusion that named it.</summary>
/// <param name="Key">The member's canonical spec.</param>
/// <param name="Seconds">Wall-clock time of the member's (single) fit, whoever triggered it.</param>
/// <param name="Reused">True when the fitted instance already existed and was shared, not fitted for this fusion.</param>
/// <param name="TuningSplit">True when the member was fitted on a split of the fusion's training data (a tuning split), not on all of it.</param>
public sealed record MemberFit(string Key, double Seconds, bool Reused, bool TuningSplit);

/// <summary>What fitting one model through a <see cref="ModelPool"/> cost.</summary>
/// <param name="Seconds">Wall-clock time of the whole fit, members fitted during it included.</param>
/// <param name="OwnSeconds">The model's own stage: <see cref="Seconds"/> minus the time spent fitting members.</param>
/// <param name="Members">The members it named, in the order it asked for them.</param>
public sealed record FitRecord(double Seconds, double OwnSeconds, IReadOnlyList<MemberFit> Members);

/// <summary>One fit the pool performed, for logs and tests.</summary>
/// <param name="Key">Canonical spec.</param>
/// <param name="Train">The training set it was fitted on.</param>
/// <param name="Seconds">Wall-clock seconds.</param>
public sealed record PoolFit(string Key, TrainingSet Train, double Seconds);

/// <summary>
/// Fits each distinct model (by canonical spec, see <see cref="ModelParameters.CanonicalKey"/>) once per training set
/// and hands the fitted instance to every fusion that names it, through <see cref="SharedModel"/> members: an experiment
/// with <c>ease</c> and five fusions over it fits EASE once. A fitted instance is never refitted by the pool, so fusions
/// only read it (scoring is safe from several threads, as for any fitted model). Fitting is sequential: one pool serves
/// one experiment at a time.
/// </summary>
public sealed class ModelPool
{
    private readonly Dictionary<(string Key, TrainingSet Train), (IRecommender Model, FitRecord Record)> _fitted = [];
    private readonly Dictionary<string, IRecommender> _pending = new(StringComparer.Ordinal);
    private readonly List<Frame> _frames = [];
    private readonly List<PoolFit> _log = [];

    /// <summary>Every fit performed, in order.</summary>
    public IReadOnlyList<PoolFit> Fits => _log;

    /// <summary>Creates a model through <see cref="ModelRegistry"/> whose members come from this pool.</summary>
    public CreatedModel Create(ModelSpec spec)
    {
        var created = ModelRegistry.Build(spec, this);
        _pending.TryAdd(created.Key, created.Model);
        return created;
    }

    /// <summary>
    /// Fits <paramref name="model"/> (created by <see cref="Create"/> under <paramref name="key"/>) on
    /// <paramref name="train"/> unless the pool already holds that key fitted on that set; returns the fitted instance
    /// (the same object when it was this one) and its cost.
    /// </summary>
    public (IRecommender Model, FitRecord Record) Fit(string key, IRecommender model, TrainingSet train,
        IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        return _fitted.TryGetValue((key, train), out var done) ? done : FitNew(key, model, train, progress, ct);
    }

    /// <summary>The fitted member for <paramref name="key"/> on <paramref name="train"/>, fitting it on first use.</summary>
    internal IRecommender Resolve(string key, Func<IRecommender> create, TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var parent = _frames.Count > 0 ? _frames[^1] : null;
        var reused = _fitted.TryGetValue((key, train), out var entry);
        if (!reused)
        {
            // The first fit of a key takes the instance the experiment listed (so its row reports that fit); later
            // training sets (tuning splits) get fresh instances.
            var model = _pending.Remove(key, out var listed) ? listed : create();
            entry = FitNew(key, model, train, progress, ct);
            if (parent is not null) parent.NestedSeconds += entry.Record.Seconds;
        }
        parent?.Members.Add(new MemberFit(key, entry.Record.Seconds, reused, !ReferenceEquals(parent.Train, train)));
        return entry.Model;
    }

    private (IRecommender, FitRecord) FitNew(string key, IRecommender model, TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        if (_pending.TryGetValue(key, out var listed) && ReferenceEquals(listed, model)) _pending.Remove(key);
        var frame = new Frame(train);
        _frames.Add(frame);
        var clock = Stopwatch.StartNew();
        try { model.Fit(train, progress, ct); }
        finally { _frames.RemoveAt(_frames.Count - 1); }
        var seconds = clock.Elapsed.TotalSeconds;
        var record = new FitRecord(seconds, Math.Max(0, seconds - frame.NestedSeconds), frame.Members);
        _fitted[(key, train)] = (model, record);
        _log.Add(new PoolFit(key, train, seconds));
        return (model, record);
    }

    private sealed class Frame(TrainingSet train)
    {
        public TrainingSet Train { get; } = train;
        public double NestedSeconds { get; set; }
        public List<MemberFit> Members { get; } = [];
    }
}

/// <summary>A model created by <see cref="ModelRegistry"/>: the instance, its resolved parameters and its canonical key.</summary>
/// <param name="Model">The unfitted model.</param>
/// <param name="Parameters">Parameters as reported (text as written, or the default).</param>
/// <param name="Key">Canonical spec (<see cref="ModelParameters.CanonicalKey"/>).</param>
public sealed record CreatedModel(IRecommender Model, IReadOnlyDictionary<string, string> Parameters, string Key);
