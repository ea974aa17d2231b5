namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// Logged slates with their propensities, columnar, one row per shown slate and rows of a session consecutive in
/// step order: the training and evaluation data of off-policy learning (Chen et al. 2019) and evaluation.
/// Per-position columns are row-major rows × <see cref="SlateSize"/>; <see cref="Recent"/> holds the items the
/// session had shown before the row (the environment's ring, −1 = empty), i.e. the observable history.
/// </summary>
public sealed class SlateLog
{
    internal SlateLog(string policy, int slateSize, int historySize, int itemCount, long[] session, int[] user, int[] step,
        int[] items, float[] propensity, byte[] clicked, byte[] purchased, float[] reward, int[] recent)
    {
        Policy = policy; SlateSize = slateSize; HistorySize = historySize; ItemCount = itemCount;
        Session = session; User = user; Step = step; Items = items; Propensity = propensity;
        Clicked = clicked; Purchased = purchased; Reward = reward; Recent = recent;
    }

    /// <summary>The behaviour policy's name.</summary>
    public string Policy { get; }
    /// <summary>Items per slate k.</summary>
    public int SlateSize { get; }
    /// <summary>Entries of <see cref="Recent"/> per row.</summary>
    public int HistorySize { get; }
    /// <summary>Items in the catalogue.</summary>
    public int ItemCount { get; }
    /// <summary>Rows (slates).</summary>
    public int Count => User.Length;
    /// <summary>Session id per row.</summary>
    public long[] Session { get; }
    /// <summary>User per row.</summary>
    public int[] User { get; }
    /// <summary>Step within the session per row (0-based).</summary>
    public int[] Step { get; }
    /// <summary>Shown items, rows × k.</summary>
    public int[] Items { get; }
    /// <summary>Behaviour propensity of each item at its position given the earlier positions, rows × k.</summary>
    public float[] Propensity { get; }
    /// <summary>Clicks, rows × k.</summary>
    public byte[] Clicked { get; }
    /// <summary>Purchases, rows × k.</summary>
    public byte[] Purchased { get; }
    /// <summary>Step reward per row (the environment's <see cref="SessionEnvironmentOptions.Reward"/>).</summary>
    public float[] Reward { get; }
    /// <summary>History before each row: rows × <see cref="HistorySize"/> item ids, −1 = empty.</summary>
    public int[] Recent { get; }

    /// <summary>Number of distinct sessions.</summary>
    public int Sessions
    {
        get
        {
            var n = 0;
            for (var r = 0; r < Count; r++) if (r == 0 || Session[r] != Session[r - 1]) n++;
            return n;
        }
    }

    /// <summary>Discounted return from each row to the end of its session: G_t = Σ_{t'≥t} γ^(t'−t) r_t'.</summary>
    public float[] ReturnToGo(double gamma = 1.0)
    {
        if (!(gamma is >= 0 and <= 1)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "gamma must be in [0, 1].");
        var g = new float[Count];
        double acc = 0;
        for (var r = Count - 1; r >= 0; r--)
        {
            if (r == Count - 1 || Session[r + 1] != Session[r]) acc = 0;
            acc = Reward[r] + (gamma * acc);
            g[r] = (float)acc;
        }
        return g;
    }

    /// <summary>Per-session totals of the step rewards, in row order of the sessions.</summary>
    public double[] SessionReturns()
    {
        var list = new List<double>();
        for (var r = 0; r < Count; r++)
        {
            if (r == 0 || Session[r] != Session[r - 1]) list.Add(0);
            list[^1] += Reward[r];
        }
        return [.. list];
    }

    /// <summary>Splits by session: sessions whose hash (seeded) falls below <paramref name="fraction"/> go to the first log.</summary>
    public (SlateLog First, SlateLog Second) SplitBySession(double fraction, int seed = 42)
    {
        if (!(fraction is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "fraction must be in (0, 1).");
        var first = new List<int>(); var second = new List<int>();
        for (var r = 0; r < Count; r++)
        {
            var h = unchecked((ulong)Session[r] * 0x9E3779B97F4A7C15UL ^ (ulong)seed * 0xD1B54A32D192ED03UL);
            h ^= h >> 31; h *= 0xBF58476D1CE4E5B9UL; h ^= h >> 29;
            ((h >> 11) * (1.0 / (1UL << 53)) < fraction ? first : second).Add(r);
        }
        return (Select(first), Select(second));
    }

    private SlateLog Select(List<int> rows)
    {
        int n = rows.Count, k = SlateSize, h = HistorySize;
        var session = new long[n]; var user = new int[n]; var step = new int[n]; var reward = new float[n];
        var items = new int[n * k]; var prop = new float[n * k]; var click = new byte[n * k]; var buy = new byte[n * k]; var recent = new int[n * h];
        for (var i = 0; i < n; i++)
        {
            var r = rows[i];
            session[i] = Session[r]; user[i] = User[r]; step[i] = Step[r]; reward[i] = Reward[r];
            Items.AsSpan(r * k, k).CopyTo(items.AsSpan(i * k)); Propensity.AsSpan(r * k, k).CopyTo(prop.AsSpan(i * k));
            Clicked.AsSpan(r * k, k).CopyTo(click.AsSpan(i * k)); Purchased.AsSpan(r * k, k).CopyTo(buy.AsSpan(i * k));
            Recent.AsSpan(r * h, h).CopyTo(recent.AsSpan(i * h));
        }
        return new SlateLog(Policy, k, h, ItemCount, session, user, step, items, prop, click, buy, reward, recent);
    }
}
