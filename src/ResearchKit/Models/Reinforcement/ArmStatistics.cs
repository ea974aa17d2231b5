namespace ResearchKit.Models.Reinforcement;

/// <summary>Per-(context, arm) pull counts and reward sums, shared by the count-based policies.</summary>
internal sealed class ArmStatistics
{
    private readonly long[] _pulls;
    private readonly double[] _rewards;
    private readonly long[] _contextPulls;

    public ArmStatistics(int arms, int contexts, bool perContext)
    {
        if (arms < 1) throw new ArgumentOutOfRangeException(nameof(arms), arms, "A bandit needs at least one arm.");
        if (contexts < 1) throw new ArgumentOutOfRangeException(nameof(contexts), contexts, "A bandit needs at least one context.");
        Arms = arms;
        Tables = perContext ? contexts : 1;
        _pulls = new long[Tables * arms];
        _rewards = new double[Tables * arms];
        _contextPulls = new long[Tables];
    }

    public int Arms { get; }

    public int Tables { get; }

    private int Row(int context) => Tables == 1 ? 0 : context;

    public long Pulls(int context, int arm) => _pulls[(Row(context) * Arms) + arm];

    public long TotalPulls(int context) => _contextPulls[Row(context)];

    public double Mean(int context, int arm)
    {
        var i = (Row(context) * Arms) + arm;
        return _pulls[i] == 0 ? 0 : _rewards[i] / _pulls[i];
    }

    public double RewardSum(int context, int arm) => _rewards[(Row(context) * Arms) + arm];

    public void Add(int context, int arm, double reward)
    {
        if ((uint)arm >= (uint)Arms) throw new ArgumentOutOfRangeException(nameof(arm), arm, $"Arm must be in [0, {Arms}).");
        var i = (Row(context) * Arms) + arm;
        _pulls[i]++;
        _rewards[i] += reward;
        _contextPulls[Row(context)]++;
    }
}
