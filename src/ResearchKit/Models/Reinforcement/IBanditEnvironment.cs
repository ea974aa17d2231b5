namespace ResearchKit.Models.Reinforcement;

/// <summary>
/// A contextual bandit environment: a context (a user) arrives, a policy picks an arm (an item), a reward comes back.
/// Environments used in tests and tutorials know their expected rewards, so regret can be measured exactly.
/// </summary>
public interface IBanditEnvironment
{
    /// <summary>Number of arms (items).</summary>
    int Arms { get; }

    /// <summary>Number of contexts (users); 1 for a context-free bandit.</summary>
    int Contexts { get; }

    /// <summary>The expected reward of <paramref name="arm"/> in <paramref name="context"/>.</summary>
    double ExpectedReward(int context, int arm);

    /// <summary>Draws a reward for pulling <paramref name="arm"/> in <paramref name="context"/>.</summary>
    double Pull(int context, int arm, Random rng);
}

/// <summary>A bandit policy: selects an arm for a context and learns from the reward.</summary>
public interface IBanditPolicy
{
    /// <summary>Display name.</summary>
    string Name { get; }

    /// <summary>Chooses an arm for <paramref name="context"/>.</summary>
    int Select(int context, Random rng);

    /// <summary>Learns from the reward of the arm it (or a logging policy) chose.</summary>
    void Update(int context, int arm, double reward);
}

/// <summary>
/// Bernoulli arms with fixed click probabilities per (context, arm): the textbook known-answer environment.
/// </summary>
public sealed class BernoulliEnvironment : IBanditEnvironment
{
    private readonly double[] _p;

    /// <summary>Creates an environment from a row-major <c>contexts × arms</c> table of probabilities in [0, 1].</summary>
    public BernoulliEnvironment(double[] probabilities, int contexts)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (contexts < 1 || probabilities.Length == 0 || probabilities.Length % contexts != 0)
            throw new ArgumentException($"probabilities ({probabilities.Length}) must be a non-empty contexts × arms table (contexts = {contexts}).", nameof(probabilities));
        foreach (var p in probabilities)
            if (!(p is >= 0 and <= 1)) throw new ArgumentException($"probability {p} is outside [0, 1].", nameof(probabilities));
        _p = (double[])probabilities.Clone();
        Contexts = contexts;
        Arms = probabilities.Length / contexts;
    }

    /// <inheritdoc />
    public int Arms { get; }

    /// <inheritdoc />
    public int Contexts { get; }

    /// <inheritdoc />
    public double ExpectedReward(int context, int arm) => _p[(context * Arms) + arm];

    /// <inheritdoc />
    public double Pull(int context, int arm, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return rng.NextDouble() < ExpectedReward(context, arm) ? 1 : 0;
    }
}

/// <summary>
/// A simulated shop built on latent taste: a user clicks an item with probability σ(scale · uᵀv + bias),
/// where u and v are ground-truth factors (e.g. the synthetic shop's). The environment the RL tutorial uses.
/// </summary>
public sealed class LatentFactorEnvironment : IBanditEnvironment
{
    private readonly float[] _users;
    private readonly float[] _items;

    /// <summary>Creates the environment from row-major factor tables with <paramref name="dim"/> columns.</summary>
    /// <param name="userFactors">Users × dim.</param>
    /// <param name="itemFactors">Items × dim.</param>
    /// <param name="dim">Factor dimension.</param>
    /// <param name="scale">Logit scale (default 4).</param>
    /// <param name="bias">Logit bias (default −3: most items are rarely clicked).</param>
    public LatentFactorEnvironment(float[] userFactors, float[] itemFactors, int dim, double scale = 4, double bias = -3)
    {
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(itemFactors);
        if (dim < 1 || userFactors.Length % dim != 0 || itemFactors.Length % dim != 0 || userFactors.Length == 0 || itemFactors.Length == 0)
            throw new ArgumentException($"factor tables must be non-empty multiples of dim = {dim}.");
        _users = userFactors; _items = itemFactors; Dim = dim; Scale = scale; Bias = bias;
        Contexts = userFactors.Length / dim;
        Arms = itemFactors.Length / dim;
    }

    /// <summary>Factor dimension.</summary>
    public int Dim { get; }

    /// <summary>Logit scale.</summary>
    public double Scale { get; }

    /// <summary>Logit bias.</summary>
    public double Bias { get; }

    /// <inheritdoc />
    public int Arms { get; }

    /// <inheritdoc />
    public int Contexts { get; }

    /// <summary>The user's factor row.</summary>
    public ReadOnlySpan<float> UserVector(int context) => _users.AsSpan(context * Dim, Dim);

    /// <summary>The item's factor row.</summary>
    public ReadOnlySpan<float> ItemVector(int arm) => _items.AsSpan(arm * Dim, Dim);

    /// <inheritdoc />
    public double ExpectedReward(int context, int arm)
    {
        var logit = (Scale * System.Numerics.Tensors.TensorPrimitives.Dot(UserVector(context), ItemVector(arm))) + Bias;
        return 1 / (1 + Math.Exp(-logit));
    }

    /// <inheritdoc />
    public double Pull(int context, int arm, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        return rng.NextDouble() < ExpectedReward(context, arm) ? 1 : 0;
    }
}
