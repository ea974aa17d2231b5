using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Models.Reinforcement.SlateQ;

/// <summary>
/// A fitted <see cref="SlateQModel"/> serving slates: for each slot, the candidate generator's items not shown in the
/// session's recent slates, ranked by P(click | s, i)·max(Q̄(s, i), 0) — SlateQ's top-k slate (Ie et al. 2019, §5) —
/// with the session state (category exposure of the recent slates, the categories clicked so far) updated every step
/// from what the environment shows: the slates, and in <see cref="Observe"/> the clicks. Deterministic, so every
/// propensity is 1.
/// </summary>
public sealed class SlateQPolicy : ISlatePolicy
{
    private readonly SlateQModel _model;
    private readonly SessionSignals _signals;
    private readonly float[] _firstState, _x;   // a session's state before its first slate: all zero
    // Per slot: the session state the signals read (shown exposure, then clicks per category), kept across steps.
    private float[] _score = [], _state = [];
    private int[] _recent = [];

    /// <summary>Serves <paramref name="model"/> over <paramref name="signals"/>' candidates.</summary>
    public SlateQPolicy(SlateQModel model, SessionSignals signals, string? name = null)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        _signals = signals ?? throw new ArgumentNullException(nameof(signals));
        _firstState = new float[signals.StateLength];
        _x = new float[SessionSignals.Count];
        Name = name ?? $"slateq({signals.Candidates.ModelName})";
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public void Act(SessionEnvironment env, Span<int> slates, Span<float> propensities)
    {
        ArgumentNullException.ThrowIfNull(env);
        var k = env.SlateSize;
        if (k != _signals.SlateSize) throw new InvalidOperationException($"{Name} was fitted for slates of {_signals.SlateSize}, the environment shows {k}.");
        var candidates = _signals.Candidates;
        if (candidates.M < k) throw new InvalidOperationException($"{Name}: {candidates.M} candidates per user cannot fill slates of {k}.");
        if (_recent.Length != env.RecentItems(0).Length) _recent = new int[env.RecentItems(0).Length];
        var length = _signals.StateLength;
        if (_state.Length != env.Slots * length) _state = new float[env.Slots * length];
        for (var s = 0; s < env.Slots; s++)
        {
            var user = env.Users[s];
            var state = _state.AsSpan(s * length, length);
            if (env.StepsInSession[s] == 0) state.Clear();
            env.RecentItemsNewestFirst(s, _recent);
            _signals.Exposure(_recent, state);
            var list = candidates.Items(user);
            ScoreCandidates(user, list, state, _recent);
            Fill(list, slates.Slice(s * k, k));
        }
        propensities[..(env.Slots * k)].Fill(1f);
    }

    /// <inheritdoc />
    public void Observe(SessionEnvironment env, ReadOnlySpan<int> slates)
    {
        ArgumentNullException.ThrowIfNull(env);
        int k = env.SlateSize, length = _signals.StateLength;
        if (_state.Length != env.Slots * length) return;   // nothing acted yet
        for (var s = 0; s < env.Slots; s++)
        {
            var state = _state.AsSpan(s * length, length);
            if (env.Ended[s]) { state.Clear(); continue; }
            _signals.AddClicks(slates.Slice(s * k, k), env.Clicked.Slice(s * k, k), state);
        }
    }

    /// <summary>
    /// The policy's top-position distribution on a session's first slate for <paramref name="user"/>, written into
    /// <paramref name="probabilities"/> (items): 1 on the item it puts first, 0 elsewhere (the policy is deterministic).
    /// </summary>
    public void FirstChoice(int user, Span<double> probabilities)
    {
        var list = _signals.Candidates.Items(user);
        ScoreCandidates(user, list, _firstState, []);
        Span<int> top = stackalloc int[1];
        Fill(list, top);
        probabilities.Clear();
        probabilities[top[0]] = 1;
    }

    /// <summary>
    /// Writes P(click | s, i)·max(Q̄(s, i), 0) of each of the user's candidates in session <paramref name="state"/> into
    /// <see cref="_score"/>; candidates in <paramref name="recent"/> get −∞.
    /// </summary>
    private void ScoreCandidates(int user, ReadOnlySpan<int> list, ReadOnlySpan<float> state, ReadOnlySpan<int> recent)
    {
        if (_score.Length != list.Length) _score = new float[list.Length];
        for (var c = 0; c < list.Length; c++)
        {
            var item = list[c];
            if (recent.Contains(item)) { _score[c] = float.NegativeInfinity; continue; }
            _signals.WriteCandidate(user, c, item, state, _x);
            _score[c] = _model.ClickProbability(_x, item) * Math.Max(_model.Value(_x, item), 0f);
        }
    }

    // Greedy top-k by score; candidates shown recently come last, in the generator's order, when nothing else is left.
    private void Fill(ReadOnlySpan<int> list, Span<int> slate)
    {
        for (var j = 0; j < slate.Length; j++)
        {
            var best = -1;
            for (var c = 0; c < list.Length; c++)
            {
                if (slate[..j].Contains(list[c])) continue;
                if (best < 0 || _score[c] > _score[best]) best = c;
            }
            slate[j] = list[best];
        }
    }
}
