namespace ResearchKit.Models.Reinforcement.Reinforce;

/// <summary>Hyperparameters of <see cref="ReinforcePolicy"/> (Chen et al. 2019's top-K off-policy corrected REINFORCE).</summary>
public sealed record ReinforceOptions
{
    /// <summary>Item-embedding and state size (default 32).</summary>
    public int Dim { get; init; } = 32;
    /// <summary>Hidden units of the state MLP (default 64).</summary>
    public int Hidden { get; init; } = 64;
    /// <summary>In-session history slots the encoder reads, newest first (default 10).</summary>
    public int SessionHistory { get; init; } = 10;
    /// <summary>Earlier interactions of the user (from the shop's log) the encoder reads, newest first (default 20).</summary>
    public int PriorHistory { get; init; } = 20;
    /// <summary>Passes over the logged examples (default 4).</summary>
    public int Epochs { get; init; } = 4;
    /// <summary>Examples per batch (default 512).</summary>
    public int BatchSize { get; init; } = 512;
    /// <summary>Adam learning rate (default 0.003).</summary>
    public float LearningRate { get; init; } = 0.003f;
    /// <summary>K of the top-K correction λ_K = K(1 − π)^(K−1) (default 5 = the slate size; 1 turns the correction off).</summary>
    public int TopK { get; init; } = 5;
    /// <summary>Cap c of the importance weight min(π/β, c) (default 10; Chen et al. §4.3 weight capping).</summary>
    public float WeightCap { get; init; } = 10f;
    /// <summary>Use the off-policy weight π/β (default true; false gives the on-policy gradient on off-policy data).</summary>
    public bool OffPolicyCorrection { get; init; } = true;
    /// <summary>Discount γ of the future session reward in an action's return (default 0.9).</summary>
    public float Gamma { get; init; } = 0.9f;
    /// <summary>Reward credited to a click besides purchases (default 0.1): a dense signal for the long-term one.</summary>
    public float ClickCredit { get; init; } = 0.1f;
    /// <summary>Seed of initialisation and batch order (default 42).</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Device: cpu, cuda or auto (default cpu).</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>In-session plus prior history slots.</summary>
    public int HistorySize => SessionHistory + PriorHistory;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        Require(Dim is >= 1 and <= 1024, nameof(Dim), Dim, "in [1, 1024]");
        Require(Hidden is >= 1 and <= 8192, nameof(Hidden), Hidden, "in [1, 8192]");
        Require(SessionHistory is >= 0 and <= 1000, nameof(SessionHistory), SessionHistory, "in [0, 1000]");
        Require(PriorHistory is >= 0 and <= 1000, nameof(PriorHistory), PriorHistory, "in [0, 1000]");
        Require(HistorySize >= 1, nameof(SessionHistory), SessionHistory, "such that SessionHistory + PriorHistory ≥ 1");
        Require(Epochs is >= 1 and <= 1000, nameof(Epochs), Epochs, "in [1, 1000]");
        Require(BatchSize is >= 1 and <= 1 << 20, nameof(BatchSize), BatchSize, "in [1, 2^20]");
        Require(LearningRate is > 0 and < 1, nameof(LearningRate), LearningRate, "in (0, 1)");
        Require(TopK is >= 1 and <= 1000, nameof(TopK), TopK, "in [1, 1000]");
        Require(WeightCap > 0 && float.IsFinite(WeightCap), nameof(WeightCap), WeightCap, "finite and > 0");
        Require(Gamma is >= 0 and <= 1, nameof(Gamma), Gamma, "in [0, 1]");
        Require(ClickCredit is >= 0 and <= 100, nameof(ClickCredit), ClickCredit, "in [0, 100]");
        Require(Device is "cpu" or "cuda" or "auto", nameof(Device), Device, "cpu, cuda or auto");
    }

    private static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok) throw new ArgumentException($"{name} must be {expected}, got {value}.", name);
    }
}
