namespace ResearchKit.Data.Loaders;

/// <summary>Dispatches the file-based <see cref="DataSpec"/> kinds to their loaders.</summary>
internal static class LoaderRegistry
{
    public static Dataset Load(DataSpec spec, DataLoadOptions options, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        if (spec.Kind == "parquet" && spec.Parameters.ContainsKey("encoding"))
            throw new FormatException($"Data spec '{spec}': encoding= applies to text files (csv:), not to Parquet.");
        if (spec.Kind == "parquet")
            return Files.ParquetIO.Load(spec.Path, spec.Parameters.Count == 0 ? null : spec.CsvColumns(), options, progress, ct);
        if (spec.Kind == "sql")
            return DuckDb.SqlLoader.Load(spec.Path, options, progress, ct);
        if (spec.Kind == "amazon" && spec.Parameters.Keys.All(k => k == "meta"))
            return AmazonReviewsLoader.Load(spec.Path, options, progress, ct,
                spec.Parameters.TryGetValue("meta", out var meta) ? (meta == "none" ? null : meta) : AmazonReviewsLoader.AutoMetadata);
        if (spec.Kind == "retailrocket" && spec.Parameters.Keys.All(k => k == "category"))
            return RetailRocketLoader.Load(spec.Path, !spec.Parameters.TryGetValue("category", out var level) ? RetailRocketCategory.Leaf
                : Enum.TryParse<RetailRocketCategory>(level, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new FormatException($"Data spec '{spec}': category must be leaf or root, got '{level}'."), options, progress, ct);
        if (spec.Parameters.Count > 0)
            throw new FormatException($"Data spec '{spec}': the {spec.Kind} loader takes no parameters (got {string.Join(", ", spec.Parameters.Keys)}).");
        return spec.Kind switch
        {
            "movielens" => MovieLensLoader.Load(spec.Path, options, progress, ct),
            "retailrocket" => RetailRocketLoader.Load(spec.Path, options, progress, ct),
            "onlineretail" => OnlineRetailLoader.Load(spec.Path, options, progress, ct),
            "shop" => Export.ShopCsv.Load(spec.Path, options, progress, ct),
            "amazon" => AmazonReviewsLoader.Load(spec.Path, options, progress, ct),
            _ => throw new FormatException($"Data source '{spec.Kind}' is not available in this build."),
        };
    }
}
