using ResearchKit.Models.Deep;

namespace ResearchKit.Models.Reinforcement.Reinforce;

/// <summary>
/// The REINFORCE policy as a recommender (<c>rl</c> in the registry), so it is evaluated and fused like any model:
/// trained on the training set's interactions in time order (<see cref="ReinforceExamples.FromInteractions"/>: state =
/// the user's previous items, action = the next item, return = its funnel stage — purchase 1, cart 0.3, view the click
/// credit; the behaviour policy that produced the log is unknown, so β is learned by the behaviour head), and scoring
/// every item by the policy logit for the user's last <see cref="ReinforceOptions.HistorySize"/> training items. In
/// the session simulator (<see cref="Sessions.PolicyStudy"/>) the same policy is trained from logged slates instead.
/// </summary>
public sealed class ReinforceRecommender : RecommenderBase, ITorchModel, IDisposable
{
    private ReinforcePolicy? _policy;
    private UserHistoryTable? _history;

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public ReinforceRecommender(ReinforceOptions? options = null)
    {
        Options = options ?? new ReinforceOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public ReinforceOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "rl";

    /// <inheritdoc />
    public string? DeviceUsed { get; private set; }

    /// <summary>Per-epoch diagnostics of the last fit.</summary>
    public IReadOnlyList<ReinforceEpoch> History => _policy?.History ?? [];

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        if (train.ItemCount < 2) throw new InvalidOperationException($"{Name}: needs at least 2 items, the training set has {train.ItemCount}.");
        var policy = new ReinforcePolicy(train.ItemCount, Options);
        policy.Fit(ReinforceExamples.FromInteractions(train.Data, Options), progress, ct);
        _policy?.Dispose();
        _policy = policy;
        _history = new UserHistoryTable(train.Data, Options.HistorySize);
        DeviceUsed = policy.DeviceUsed;
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores) => _policy!.Logits(_history!.Of(user), 1, scores);

    /// <inheritdoc />
    public void Dispose() => _policy?.Dispose();
}
