namespace ResearchKit.Models.Reinforcement.SlateQ;

/// <summary>Hyperparameters of <see cref="SlateQModel"/> (Ie et al. 2019's SlateQ decomposition, fitted offline from logged slates).</summary>
public sealed record SlateQOptions
{
    /// <summary>Discount γ of the rest of the session in an item's long-term value Q̄ (default 0.9; 0 makes the policy myopic).</summary>
    public float Gamma { get; init; } = 0.9f;

    /// <summary>
    /// Strength λ of the Gaussian prior on the per-item terms, in logged impressions (default 5): an item shown fewer
    /// than about λ times keeps close to what the shared coefficients say, so rare items do not get extreme values.
    /// </summary>
    public float ItemPrior { get; init; } = 5f;

    /// <summary>Full-batch Adam steps (default 300).</summary>
    public int Steps { get; init; } = 300;

    /// <summary>Adam learning rate (default 0.05; the models are linear, so large steps are safe).</summary>
    public float LearningRate { get; init; } = 0.05f;

    /// <summary>Device: cpu, cuda or auto (default cpu).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(Gamma is >= 0 and <= 1, nameof(Gamma), Gamma, "in [0, 1]");
        Require(ItemPrior >= 0 && float.IsFinite(ItemPrior), nameof(ItemPrior), ItemPrior, "finite and ≥ 0");
        Require(Steps is >= 1 and <= 100_000, nameof(Steps), Steps, "in [1, 100000]");
        Require(LearningRate is > 0 and < 10, nameof(LearningRate), LearningRate, "in (0, 10)");
        Require(Device is "cpu" or "cuda" or "auto", nameof(Device), Device, "cpu, cuda or auto");
    }

    private static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok) throw new ArgumentException($"{name} must be {expected}, got {value}.", name);
    }
}
