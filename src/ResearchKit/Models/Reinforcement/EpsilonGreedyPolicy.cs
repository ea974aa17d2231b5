namespace ResearchKit.Models.Reinforcement;

/// <summary>
/// ε-greedy (Sutton &amp; Barto 2018, §2.2): with probability ε a uniformly random arm, otherwise the arm with the
/// best empirical mean (ties → lowest arm id). Estimates are kept per context when <c>perContext</c> is true.
/// </summary>
public sealed class EpsilonGreedyPolicy : IBanditPolicy
{
    private readonly ArmStatistics _stats;

    /// <summary>Creates the policy; <paramref name="epsilon"/> in [0, 1] (default 0.1).</summary>
    public EpsilonGreedyPolicy(int arms, double epsilon = 0.1, int contexts = 1, bool perContext = false)
    {
        if (!(epsilon is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be in [0, 1].");
        Epsilon = epsilon;
        _stats = new ArmStatistics(arms, contexts, perContext);
    }

    /// <summary>Exploration probability.</summary>
    public double Epsilon { get; }

    /// <inheritdoc />
    public string Name => $"egreedy({Epsilon})";

    /// <inheritdoc />
    public int Select(int context, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (rng.NextDouble() < Epsilon) return rng.Next(_stats.Arms);
        var best = 0; var bestMean = double.NegativeInfinity;
        for (var a = 0; a < _stats.Arms; a++)
        {
            // Unpulled arms are tried first (optimistic start), in id order.
            var m = _stats.Pulls(context, a) == 0 ? double.PositiveInfinity : _stats.Mean(context, a);
            if (m > bestMean) { bestMean = m; best = a; }
        }
        return best;
    }

    /// <inheritdoc />
    public void Update(int context, int arm, double reward) => _stats.Add(context, arm, reward);
}

/// <summary>
/// UCB1 (Auer, Cesa-Bianchi &amp; Fischer 2002): pick <c>argmax mean_a + c·√(2 ln n / n_a)</c>; every arm once first.
/// </summary>
public sealed class Ucb1Policy : IBanditPolicy
{
    private readonly ArmStatistics _stats;

    /// <summary>Creates the policy; <paramref name="exploration"/> is c (default 1, the original bound).</summary>
    public Ucb1Policy(int arms, double exploration = 1, int contexts = 1, bool perContext = false)
    {
        if (!(exploration >= 0)) throw new ArgumentOutOfRangeException(nameof(exploration), exploration, "exploration must be ≥ 0.");
        Exploration = exploration;
        _stats = new ArmStatistics(arms, contexts, perContext);
    }

    /// <summary>The exploration constant c.</summary>
    public double Exploration { get; }

    /// <inheritdoc />
    public string Name => $"ucb1({Exploration})";

    /// <inheritdoc />
    public int Select(int context, Random rng)
    {
        var n = _stats.TotalPulls(context);
        var best = 0; var bestValue = double.NegativeInfinity;
        for (var a = 0; a < _stats.Arms; a++)
        {
            var na = _stats.Pulls(context, a);
            if (na == 0) return a;
            var value = _stats.Mean(context, a) + (Exploration * Math.Sqrt(2 * Math.Log(n) / na));
            if (value > bestValue) { bestValue = value; best = a; }
        }
        return best;
    }

    /// <inheritdoc />
    public void Update(int context, int arm, double reward) => _stats.Add(context, arm, reward);
}

/// <summary>
/// Beta–Bernoulli Thompson sampling (Thompson 1933; Chapelle &amp; Li 2011): sample θ_a ~ Beta(α + successes, β + failures)
/// and pick the largest. Rewards are treated as Bernoulli (values in [0, 1] count fractionally).
/// </summary>
public sealed class ThompsonSamplingPolicy : IBanditPolicy
{
    private readonly ArmStatistics _stats;

    /// <summary>Creates the policy with a Beta(<paramref name="alpha"/>, <paramref name="beta"/>) prior (default uniform).</summary>
    public ThompsonSamplingPolicy(int arms, double alpha = 1, double beta = 1, int contexts = 1, bool perContext = false)
    {
        if (!(alpha > 0) || !(beta > 0)) throw new ArgumentOutOfRangeException(nameof(alpha), "Beta prior parameters must be > 0.");
        Alpha = alpha; Beta = beta;
        _stats = new ArmStatistics(arms, contexts, perContext);
    }

    /// <summary>Prior successes.</summary>
    public double Alpha { get; }

    /// <summary>Prior failures.</summary>
    public double Beta { get; }

    /// <inheritdoc />
    public string Name => "thompson";

    /// <inheritdoc />
    public int Select(int context, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var best = 0; var bestSample = double.NegativeInfinity;
        for (var a = 0; a < _stats.Arms; a++)
        {
            var successes = _stats.RewardSum(context, a);
            var failures = _stats.Pulls(context, a) - successes;
            var sample = Sampling.Beta(rng, Alpha + successes, Beta + failures);
            if (sample > bestSample) { bestSample = sample; best = a; }
        }
        return best;
    }

    /// <inheritdoc />
    public void Update(int context, int arm, double reward) => _stats.Add(context, arm, Math.Clamp(reward, 0, 1));
}
