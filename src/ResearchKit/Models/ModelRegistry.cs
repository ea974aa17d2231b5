using ResearchKit.Models.Baselines;

namespace ResearchKit.Models;

/// <summary>
/// Creates models from <see cref="ModelSpec"/>s (the <c>--models</c> option and notebooks).
/// Shared parameter names wherever they apply: factors, iterations, epochs, dim, batch, lr, reg, alpha, neighbors, seed.
/// </summary>
public static class ModelRegistry
{
    private static readonly Dictionary<string, (string Description, Func<ModelParameters, IRecommender> Create)> Factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["pop"] = ("Most popular items (halflife=days of time decay, 0 = none)",
                p => new PopularityRecommender(new PopularityOptions { HalfLifeDays = p.Double("halflife", 0) })),
        };

    /// <summary>The registered model names with a one-line description each.</summary>
    public static IReadOnlyDictionary<string, string> Available =>
        Factories.ToDictionary(kv => kv.Key, kv => kv.Value.Description, StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the model a spec names; unknown models and parameters are errors that list the known ones.</summary>
    public static (IRecommender Model, IReadOnlyDictionary<string, string> Parameters) Create(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Factories.TryGetValue(spec.Name, out var entry))
            throw new ArgumentException($"Unknown model '{spec.Name}'; known models: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))}.");
        var parameters = new ModelParameters(spec);
        var model = entry.Create(parameters);
        parameters.EnsureAllUsed();
        return (model, parameters.Resolved);
    }

    /// <summary>Parses and creates in one step.</summary>
    public static IRecommender Create(string spec) => Create(ModelSpec.Parse(spec)).Model;
}
