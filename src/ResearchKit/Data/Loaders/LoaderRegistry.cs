namespace ResearchKit.Data.Loaders;

/// <summary>Dispatches the file-based <see cref="DataSpec"/> kinds to their loaders.</summary>
internal static class LoaderRegistry
{
    public static Dataset Load(DataSpec spec, DataLoadOptions options, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        if (spec.Parameters.Count > 0)
            throw new FormatException($"Data spec '{spec}': the {spec.Kind} loader takes no parameters (got {string.Join(", ", spec.Parameters.Keys)}).");
        return spec.Kind switch
        {
            _ => throw new FormatException($"Data source '{spec.Kind}' is not available in this build."),
        };
    }
}
