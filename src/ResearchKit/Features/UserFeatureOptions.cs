namespace ResearchKit.Features;

/// <summary>Options for <see cref="UserFeatures.Build"/>. Every default is stated; <see cref="Validate"/> names a bad option.</summary>
public sealed record UserFeatureOptions
{
    /// <summary>Inactivity gap that starts a new session, in seconds. Default 1800 (30 minutes, the usual web-analytics cut).</summary>
    public long SessionGapSeconds { get; init; } = 1800;

    /// <summary>
    /// Activity windows before the training log's end: in days (default 7, 30, 90), or fractions of the log's time
    /// span in (0, 1] when <see cref="WindowsAsSpanFraction"/> is set (useful for logs that span years or hours).
    /// </summary>
    public IReadOnlyList<double> ActivityWindows { get; init; } = [7, 30, 90];

    /// <summary>Read <see cref="ActivityWindows"/> as fractions of the span instead of days. Default false.</summary>
    public bool WindowsAsSpanFraction { get; init; }

    /// <summary>Additive (Laplace) smoothing α of the category shares: (n_c + α) / (n + α·C). Default 1.</summary>
    public double CategorySmoothing { get; init; } = 1.0;

    /// <summary>Number of most frequent categories (by training events) given an affinity column. Default 50; 0 turns affinity off.</summary>
    public int MaxCategories { get; init; } = 50;

    /// <summary>
    /// Pseudo-count s of the funnel ratios, shrunk toward the global rate p: (carts + s·p) / (views + s).
    /// Default 1 (a user with no views gets the global rate).
    /// </summary>
    public double FunnelSmoothing { get; init; } = 1.0;

    /// <summary>One-hot encode categorical user attributes (and pass numeric ones through). Default true.</summary>
    public bool IncludeAttributes { get; init; } = true;

    /// <summary>Most frequent levels per categorical attribute that get a one-hot column. Default 32.</summary>
    public int MaxAttributeLevels { get; init; } = 32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (SessionGapSeconds <= 0) throw new ArgumentException($"SessionGapSeconds must be > 0, got {SessionGapSeconds}.", nameof(SessionGapSeconds));
        ArgumentNullException.ThrowIfNull(ActivityWindows, nameof(ActivityWindows));
        foreach (var w in ActivityWindows)
        {
            if (!(w > 0) || (WindowsAsSpanFraction && w > 1))
                throw new ArgumentException($"ActivityWindows entries must be > 0{(WindowsAsSpanFraction ? " and <= 1 (fractions of the span)" : " (days)")}, got {w}.", nameof(ActivityWindows));
        }
        if (!(CategorySmoothing >= 0)) throw new ArgumentException($"CategorySmoothing must be >= 0, got {CategorySmoothing}.", nameof(CategorySmoothing));
        if (MaxCategories < 0) throw new ArgumentException($"MaxCategories must be >= 0, got {MaxCategories}.", nameof(MaxCategories));
        if (!(FunnelSmoothing >= 0)) throw new ArgumentException($"FunnelSmoothing must be >= 0, got {FunnelSmoothing}.", nameof(FunnelSmoothing));
        if (MaxAttributeLevels < 1) throw new ArgumentException($"MaxAttributeLevels must be >= 1, got {MaxAttributeLevels}.", nameof(MaxAttributeLevels));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"session_gap={SessionGapSeconds}s, windows=[{string.Join(",", ActivityWindows)}]{(WindowsAsSpanFraction ? " of span" : " days")}, " +
        $"category_alpha={CategorySmoothing}, max_categories={MaxCategories}, funnel_s={FunnelSmoothing}, attributes={IncludeAttributes}";
}
