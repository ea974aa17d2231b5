using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// User profile features built from a training <see cref="Dataset"/> only. "Now" is the training log's last
/// timestamp, so adding, removing or moving test-period events cannot change a single value.
/// One row per dense user id (users without training events get zero counts and NaN for the features that
/// need at least one event: recency, tenure, session means, price sensitivity).
/// <para>Columns, in order (a group appears only when the data has what it needs):</para>
/// <list type="bullet">
/// <item>RFM (Hughes 1994): <c>recency_days</c> (end − last event), <c>frequency</c> (events), <c>tenure_days</c>
/// (end − first event), <c>monetary</c> (Σ price × quantity over purchases; catalog prices needed).</item>
/// <item><c>count_view</c>, <c>count_cart</c>, <c>count_purchase</c>, <c>count_rating</c> (kinds present in the log)
/// and smoothed funnel ratios <c>view_to_cart</c> = (carts + s·p)/(views + s), <c>cart_to_purchase</c> likewise,
/// p the global rate.</item>
/// <item><c>cat_share:NAME</c>: (n_c + α)/(n + α·C) over the most frequent categories (C = all categories seen).</item>
/// <item><c>price_ratio_mean</c> (mean of price / category mean over purchases) and <c>price_pct_mean</c> (mean
/// percentile of the purchased price within its category).</item>
/// <item><c>events_last_7d</c> … : events in (end − w, end].</item>
/// <item><c>sessions</c>, <c>session_events_mean</c>, <c>session_minutes_mean</c> (sessions split at inactivity gaps).</item>
/// <item><c>attr:COL=LEVEL</c> one-hot of categorical user attributes; <c>attr:COL</c> for numeric ones.</item>
/// </list>
/// </summary>
public static class UserFeatures
{
    /// <summary>Builds the user feature matrix of <paramref name="train"/> (see the class remarks for the columns).</summary>
    public static FeatureSet Build(Dataset train, UserFeatureOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new UserFeatureOptions();
        options.Validate();
        var log = train.Interactions;
        var userCount = train.UserCount;
        var (start, end) = LogIndex.TimeRange(log);
        var acc = new ColumnAccumulator(userCount);

        UserActivityFeatures.Append(acc, log, userCount, start, end, options, train.Items);
        ct.ThrowIfCancellationRequested();
        if (train.Items is { } catalog)
        {
            if (options.MaxCategories > 0 && catalog.HasCategories)
                CategoryAffinity.Append(acc, log, catalog, userCount, options);
            PriceSensitivity.Append(acc, log, catalog, userCount);
        }
        ct.ThrowIfCancellationRequested();
        UserSessionFeatures.Append(acc, log, userCount, options.SessionGapSeconds);
        if (options.IncludeAttributes && train.Users is { } table)
            UserAttributeEncoding.Append(acc, table, userCount, options.MaxAttributeLevels);

        return acc.Build(new FeatureProvenance("UserFeatures", train.Name, options.ToString(), []), train.UserIds.Ids);
    }
}
