namespace ResearchKit.Features;

/// <summary>Options for <see cref="ItemFeatures.Build"/>. Every default is stated; <see cref="Validate"/> names a bad option.</summary>
public sealed record ItemFeatureOptions
{
    /// <summary>
    /// Length of the trend window: <c>trend</c> = ln((events in the last window + 1) / (events in the window before + 1)).
    /// In days (default 7), or a fraction of the log's span in (0, 0.5] when <see cref="WindowsAsSpanFraction"/> is set.
    /// </summary>
    public double TrendWindow { get; init; } = 7;

    /// <summary>Read <see cref="TrendWindow"/> as a fraction of the span instead of days. Default false.</summary>
    public bool WindowsAsSpanFraction { get; init; }

    /// <summary>Number of price buckets (quantiles of price within the item's category). Default 5.</summary>
    public int PriceBuckets { get; init; } = 5;

    /// <summary>
    /// Categories (and brands) get one-hot columns when there are at most this many; more are hashed into this
    /// many signed buckets instead. Also the number of most frequent catalog tags that get a 0/1 column. Default 32.
    /// </summary>
    public int MaxOneHot { get; init; } = 32;

    /// <summary>Pseudo-count s of the conversion rate, shrunk toward the global rate p: (purchases + s·p) / (views + s). Default 1.</summary>
    public double ConversionSmoothing { get; init; } = 1.0;

    /// <summary>Buckets of the hashed TF-IDF bag of words from titles. Default 32; 0 turns it off.</summary>
    public int TitleHashDimensions { get; init; } = 32;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(TrendWindow > 0) || (WindowsAsSpanFraction && TrendWindow > 0.5))
            throw new ArgumentException($"TrendWindow must be > 0{(WindowsAsSpanFraction ? " and <= 0.5 (fraction of the span)" : " (days)")}, got {TrendWindow}.", nameof(TrendWindow));
        if (PriceBuckets < 1) throw new ArgumentException($"PriceBuckets must be >= 1, got {PriceBuckets}.", nameof(PriceBuckets));
        if (MaxOneHot < 1) throw new ArgumentException($"MaxOneHot must be >= 1, got {MaxOneHot}.", nameof(MaxOneHot));
        if (!(ConversionSmoothing >= 0)) throw new ArgumentException($"ConversionSmoothing must be >= 0, got {ConversionSmoothing}.", nameof(ConversionSmoothing));
        if (TitleHashDimensions < 0) throw new ArgumentException($"TitleHashDimensions must be >= 0, got {TitleHashDimensions}.", nameof(TitleHashDimensions));
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"trend_window={TrendWindow}{(WindowsAsSpanFraction ? " of span" : " days")}, price_buckets={PriceBuckets}, " +
        $"max_one_hot={MaxOneHot}, conversion_s={ConversionSmoothing}, title_dims={TitleHashDimensions}";
}
