using ResearchKit.Data.Synthetic;
using ResearchKit.Models.Reinforcement.AbTesting;
using ResearchKit.Models.Reinforcement.Reinforce;
using ResearchKit.Models.Reinforcement.SlateQ;

namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>Settings of <see cref="PolicyStudy.Run"/>; defaults in each member's doc.</summary>
public sealed record PolicyStudyOptions
{
    /// <summary>The simulator (default: its defaults with 512 slots).</summary>
    public SessionEnvironmentOptions Environment { get; init; } = new() { Slots = 512 };
    /// <summary>Sessions logged with the behaviour policy (default 6,000): half train the policy, half are held out for off-policy evaluation.</summary>
    public int LogSessions { get; init; } = 6000;
    /// <summary>Sessions each policy plays on-policy (default 4,000).</summary>
    public int EvaluationSessions { get; init; } = 4000;
    /// <summary>Candidates per user from the base model, for every ranked policy and the learned ones (default 100; at most the shop's items).</summary>
    public int Candidates { get; init; } = 100;
    /// <summary>τ of the behaviour policy's softmax over the base model's standardised scores (default 0.5).</summary>
    public double BehaviourTemperature { get; init; } = 0.5;
    /// <summary>Uniform exploration ε of the behaviour policy (default 0.1).</summary>
    public double BehaviourEpsilon { get; init; } = 0.1;
    /// <summary>The learned policy's hyperparameters (default: <see cref="ReinforceOptions"/>'s, 6 epochs).</summary>
    public ReinforceOptions Reinforce { get; init; } = new() { Epochs = 6 };
    /// <summary>The value-based learned policy's hyperparameters (default: <see cref="SlateQOptions"/>'s).</summary>
    public SlateQOptions SlateQ { get; init; } = new();
    /// <summary>Weight of the base model's standardised score in the learned policy's logits (default 3: of 1, 3 and 10 on seed 42, 1 lost to the base model and 3 and 10 beat it; docs/evaluation.md).</summary>
    public double CandidateScoreWeight { get; init; } = 3;
    /// <summary>τ of the stochastic version of the learned policy that off-policy evaluation estimates (default 1).</summary>
    public double EvaluationTemperature { get; init; } = 1;
    /// <summary>Sessions per arm of the A/B test of the learned policy against the best baseline (default 4,000; 0 = no test).</summary>
    public int AbTestSessionsPerArm { get; init; } = 4000;
    /// <summary>Looks of the group-sequential A/B test (default 5, O'Brien–Fleming boundaries at two-sided α = 0.05).</summary>
    public int AbTestLooks { get; init; } = 5;
    /// <summary>Seed of the logs, the splits and the simulated sessions (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Environment);
        ArgumentNullException.ThrowIfNull(Reinforce);
        ArgumentNullException.ThrowIfNull(SlateQ);
        Environment.Validate();
        Reinforce.Validate();
        SlateQ.Validate();
        if (LogSessions < 4) throw new ArgumentException($"{nameof(LogSessions)} must be ≥ 4, got {LogSessions}.");
        if (EvaluationSessions < 2) throw new ArgumentException($"{nameof(EvaluationSessions)} must be ≥ 2, got {EvaluationSessions}.");
        if (Candidates < Environment.SlateSize) throw new ArgumentException($"{nameof(Candidates)} must be ≥ the slate size {Environment.SlateSize}, got {Candidates}.");
        if (!(BehaviourTemperature > 0) || !double.IsFinite(BehaviourTemperature)) throw new ArgumentException($"{nameof(BehaviourTemperature)} must be finite and > 0, got {BehaviourTemperature}.");
        if (!(BehaviourEpsilon is > 0 and <= 1)) throw new ArgumentException($"{nameof(BehaviourEpsilon)} must be in (0, 1], got {BehaviourEpsilon}.");
        if (!(EvaluationTemperature > 0) || !double.IsFinite(EvaluationTemperature)) throw new ArgumentException($"{nameof(EvaluationTemperature)} must be finite and > 0, got {EvaluationTemperature}.");
        if (AbTestSessionsPerArm != 0 && AbTestSessionsPerArm < 2 * AbTestLooks) throw new ArgumentException($"{nameof(AbTestSessionsPerArm)} must be 0 or ≥ 2 × {nameof(AbTestLooks)} = {2 * AbTestLooks}, got {AbTestSessionsPerArm}.");
        if (AbTestLooks < 1) throw new ArgumentException($"{nameof(AbTestLooks)} must be ≥ 1, got {AbTestLooks}.");
        if (!(CandidateScoreWeight >= 0) || !double.IsFinite(CandidateScoreWeight)) throw new ArgumentException($"{nameof(CandidateScoreWeight)} must be finite and ≥ 0, got {CandidateScoreWeight}.");
    }
}

/// <summary>One policy's on-policy results.</summary>
/// <param name="Policy">Its name.</param>
/// <param name="Family">cf, deep, bandit, rl or baseline (as the caller labelled it).</param>
/// <param name="MeanReturn">Reward per session.</param>
/// <param name="Lower">95% interval of <paramref name="MeanReturn"/>, lower end.</param>
/// <param name="Upper">Upper end.</param>
/// <param name="ColdUserReturn">Reward per session of the shop's cold-start users.</param>
/// <param name="ClicksPerSession">Clicks per session.</param>
/// <param name="Coverage">Share of the catalogue shown at least once.</param>
/// <param name="SlateDiversity">Mean share of distinct categories in a slate.</param>
/// <param name="Sessions">Sessions played.</param>
public sealed record PolicyStudyRow(string Policy, string Family, double MeanReturn, double Lower, double Upper, double ColdUserReturn,
    double ClicksPerSession, double Coverage, double SlateDiversity, int Sessions);

/// <summary>Off-policy estimates of one learned policy's first-slate top reward on the held-out logs, and the truth.</summary>
/// <param name="Policy">The learned policy.</param>
/// <param name="Estimates">IPS, SNIPS and DR with intervals.</param>
/// <param name="OnPolicy">The same quantity measured on-policy in the simulator.</param>
public sealed record OffPolicyCheck(string Policy, IReadOnlyList<ValueEstimate> Estimates, ValueEstimate OnPolicy);

/// <summary>What <see cref="PolicyStudy.Run"/> found.</summary>
/// <param name="Behaviour">The logging policy's name.</param>
/// <param name="Policies">On-policy results: the baselines, random, then the learned policies (REINFORCE, SlateQ).</param>
/// <param name="OffPolicy">Off-policy checks of the learned policies, in the same order (REINFORCE's of its sampled version).</param>
/// <param name="Training">REINFORCE's per-epoch diagnostics.</param>
/// <param name="SlateQ">The fitted SlateQ model's coefficients and losses.</param>
/// <param name="AbTest">The sequential A/B test of the best learned policy (B) against the best baseline (A); null when not run.</param>
public sealed record PolicyStudyResult(string Behaviour, IReadOnlyList<PolicyStudyRow> Policies, IReadOnlyList<OffPolicyCheck> OffPolicy,
    IReadOnlyList<ReinforceEpoch> Training, SlateQModel SlateQ, PolicyAbTest? AbTest);

/// <summary>A simulated A/B test: users randomised to <paramref name="A"/> or <paramref name="B"/>, tested group-sequentially.</summary>
/// <param name="A">Control policy.</param>
/// <param name="B">Treatment policy.</param>
/// <param name="Looks">Looks of the design.</param>
/// <param name="Alpha">Two-sided type-I error of the design.</param>
/// <param name="Result">Where it stopped and what it found.</param>
/// <param name="MinimumDetectableEffect">The difference in reward per session the design detects with 80% power.</param>
public sealed record PolicyAbTest(string A, string B, int Looks, double Alpha, AbTestResult Result, double MinimumDetectableEffect);

/// <summary>
/// The reinforcement-learning study of the kit: log sessions of a behaviour policy (a softmax around a base model's
/// ranking, with uniform exploration) in the session simulator; on half of the logs learn two policies that re-rank
/// the base model's candidates from the session's state — REINFORCE with top-K off-policy correction (Chen et al.,
/// WSDM 2019) and the value-based SlateQ (Ie et al., IJCAI 2019); estimate their value off-policy on the other half
/// (<see cref="FirstSlateEvaluation"/>) and check that against the simulator; play them and every baseline on-policy
/// on the same simulator for reward per session with intervals; and A/B-test the better one against the best baseline.
/// </summary>
public static class PolicyStudy
{
    /// <summary>Runs the study on <paramref name="shop"/>; <paramref name="baseModel"/> and the baselines are fitted on its log.</summary>
    public static PolicyStudyResult Run(SyntheticShop shop, IRecommender baseModel, IReadOnlyList<(IRecommender Model, string Family)> baselines,
        PolicyStudyOptions? options = null, IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(shop);
        ArgumentNullException.ThrowIfNull(baseModel);
        ArgumentNullException.ThrowIfNull(baselines);
        var o = options ?? new PolicyStudyOptions();
        o.Validate();
        var data = shop.Dataset;
        if (o.Candidates > data.ItemCount) throw new ArgumentException($"{nameof(o.Candidates)} must be ≤ the shop's {data.ItemCount} items, got {o.Candidates}.", nameof(options));
        var env = new SessionEnvironment(shop, o.Environment, o.Seed);
        var candidates = new CandidateTable(baseModel, data.UserCount, data.ItemCount, o.Candidates);
        var behaviour = new SoftmaxSlatePolicy(candidates, o.BehaviourTemperature, o.BehaviourEpsilon, o.Seed);
        progress?.Report(new FitProgress("study", 1, 4, Message: $"logging {o.LogSessions:N0} sessions with {behaviour.Name}"));
        var log = SlateLogger.Collect(env, behaviour, o.LogSessions, o.Seed + 1, null, ct);
        var (train, heldOut) = log.SplitBySession(0.5, o.Seed);

        progress?.Report(new FitProgress("study", 2, 4, Message: $"training REINFORCE and SlateQ on {train.Count:N0} logged slates"));
        var prior = new UserHistoryTable(data, o.Reinforce.PriorHistory);
        var policy = new ReinforcePolicy(data.ItemCount, o.Reinforce);
        policy.Fit(ReinforceExamples.FromLog(train, prior, o.Reinforce), null, ct);
        var serving = new ReinforceServingOptions { Candidates = candidates, CandidateScoreWeight = o.CandidateScoreWeight, Seed = o.Seed };
        var learned = new ReinforceSlatePolicy(policy, prior, $"rl(reinforce over {baseModel.Name})", serving);
        var sampled = new ReinforceSlatePolicy(policy, prior, "rl (sampled)", serving with { Temperature = o.EvaluationTemperature });
        var signals = new SessionSignals(data, candidates, o.Environment.SlateSize);
        var slateQModel = SlateQModel.Fit(SlateQExamples.FromLog(train, signals, o.SlateQ.Gamma), data.ItemCount, o.Environment.SlateSize, o.SlateQ, ct);
        var slateQ = new SlateQPolicy(slateQModel, signals, $"slateq(over {baseModel.Name})");

        progress?.Report(new FitProgress("study", 3, 4, Message: "off-policy estimates on the held-out logs"));
        var offPolicy = new[]
        {
            Ope(env, heldOut, train, learned.Name, sampled, sampled.FirstDrawProbabilities, o, ct),
            Ope(env, heldOut, train, slateQ.Name, slateQ, slateQ.FirstChoice, o, ct),
        };

        var rows = new List<PolicyStudyRow>();
        var returns = new List<double[]>();
        var played = baselines.Select(b => ((ISlatePolicy)new RankedSlatePolicy(new CandidateTable(b.Model, data.UserCount, data.ItemCount, o.Candidates), b.Model.Name), b.Family))
            .Append((new RandomSlatePolicy(o.Seed), "baseline")).Append((learned, "rl")).Append((slateQ, "rl")).ToList();
        var firstLearned = played.Count - 2;
        var cold = shop.ColdUsers.ToArray();
        for (var i = 0; i < played.Count; i++)
        {
            var (p, family) = played[i];
            progress?.Report(new FitProgress("study", 4, 4, Message: $"on-policy: {p.Name} ({i + 1}/{played.Count})"));
            var run = SessionRunner.Run(env, p, o.EvaluationSessions, o.Seed + 2, null, ct);
            var (lo, hi) = run.ReturnInterval();
            returns.Add(run.Returns);
            rows.Add(new PolicyStudyRow(p.Name, family, run.MeanReturn, lo, hi, run.MeanReturnWhere(u => cold[u]),
                (double)run.Clicks / run.Returns.Length, run.Coverage, run.SlateDiversity, run.Returns.Length));
        }
        PolicyAbTest? ab = null;
        if (o.AbTestSessionsPerArm > 0)
        {
            var best = Enumerable.Range(0, firstLearned).MaxBy(i => rows[i].MeanReturn);
            var bestLearned = Enumerable.Range(firstLearned, played.Count - firstLearned).MaxBy(i => rows[i].MeanReturn);
            var (control, treatment) = (played[best].Item1, played[bestLearned].Item1);
            progress?.Report(new FitProgress("study", 4, 4, Message: $"A/B test: {control.Name} against {treatment.Name}"));
            var design = new GroupSequentialDesign(o.AbTestLooks);
            var result = SequentialAbTest.Run(env, control, env, treatment, o.AbTestSessionsPerArm, design, o.Seed + 4, ct);
            var sd = Normal.MeanInterval(returns[best]).StandardDeviation;
            ab = new PolicyAbTest(control.Name, treatment.Name, design.Looks, design.Alpha, result, design.MinimumDetectableEffect(sd, o.AbTestSessionsPerArm));
        }
        return new PolicyStudyResult(behaviour.Name, rows, offPolicy, policy.History, slateQModel, ab);
    }

    /// <summary>Off-policy estimates of <paramref name="policy"/>'s first-slate top reward; <paramref name="firstDraw"/> writes its top-position distribution for a user.</summary>
    private static OffPolicyCheck Ope(SessionEnvironment env, SlateLog heldOut, SlateLog train, string name, ISlatePolicy policy,
        FirstDraw firstDraw, PolicyStudyOptions o, CancellationToken ct)
    {
        var n = env.ItemCount;
        var decisions = FirstSlateEvaluation.TopDecisions(heldOut, FirstSlateEvaluation.RewardOf(heldOut, o.Environment.Reward));
        var model = FirstSlateEvaluation.ItemRewardModel(FirstSlateEvaluation.TopDecisions(train, FirstSlateEvaluation.RewardOf(train, o.Environment.Reward)), n);
        // π depends on the row only through its user at a session's first step: compute each user's distribution once.
        var byUser = new Dictionary<int, double[]>();
        ReadOnlyMemory<double> Target(int row)
        {
            var user = heldOut.User[row];
            if (!byUser.TryGetValue(user, out var p))
            {
                ct.ThrowIfCancellationRequested();
                p = new double[n];
                firstDraw(user, p);
                byUser[user] = p;
            }
            return p;
        }
        var estimates = FirstSlateEvaluation.Estimate(decisions, n, Target, model);
        var truth = FirstSlateEvaluation.OnPolicy(env, policy, o.EvaluationSessions * 2, o.Seed + 3);
        return new OffPolicyCheck(name, estimates, truth);
    }

    private delegate void FirstDraw(int user, Span<double> probabilities);
}
