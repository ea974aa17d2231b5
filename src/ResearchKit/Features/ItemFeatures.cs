using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Item features built from a training <see cref="Dataset"/> only ("now" is the training log's last timestamp).
/// One row per dense item id. Columns, in order (a group appears only when the data has what it needs):
/// <list type="bullet">
/// <item><c>log_count</c> = ln(1 + events), <c>trend</c> = ln((recent + 1)/(previous + 1)) over two equal windows
/// before the end, <c>age_days</c> (end − first event) and <c>days_since_last</c> (end − last event; NaN without events).</item>
/// <item><c>conversion_rate</c> = (purchases + s·p)/(views + s), p the global rate.</item>
/// <item><c>price</c>, <c>log_price</c>, <c>price_rel_category</c> (price / category mean), <c>price_pct_category</c>
/// (mid-rank percentile in the category) and <c>price_bucket</c> (quantile bucket 0 … B−1 in the category).</item>
/// <item><c>category=NAME</c> / <c>brand=NAME</c> one-hot, or <c>category_hK</c> / <c>brand_hK</c> signed hashed buckets
/// when there are more than <see cref="ItemFeatureOptions.MaxOneHot"/>.</item>
/// <item><c>title_hK</c>: hashed TF-IDF bag of words of the title, L2-normalised (see <see cref="TitleTfIdf"/>).</item>
/// </list>
/// </summary>
public static class ItemFeatures
{
    /// <summary>Builds the item feature matrix of <paramref name="train"/> (see the class remarks for the columns).</summary>
    public static FeatureSet Build(Dataset train, ItemFeatureOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        options ??= new ItemFeatureOptions();
        options.Validate();
        var acc = new ColumnAccumulator(train.ItemCount);
        ItemActivityFeatures.Append(acc, train.Interactions, train.ItemCount, options);
        ct.ThrowIfCancellationRequested();
        if (train.Items is { } catalog)
        {
            ItemCatalogFeatures.Append(acc, catalog, train.ItemCount, options);
            if (options.TitleHashDimensions > 0) TitleTfIdf.Append(acc, catalog, train.ItemCount, options.TitleHashDimensions);
        }
        return acc.Build(new FeatureProvenance("ItemFeatures", train.Name, options.ToString(), []), train.ItemIds.Ids);
    }
}
