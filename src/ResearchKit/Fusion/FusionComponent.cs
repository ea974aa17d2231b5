using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>One model inside a fusion, with its weight.</summary>
/// <param name="Model">The component model (fitted by the fusion unless the fusion's options say it is pre-fitted).</param>
/// <param name="Weight">Its weight (≥ 0); weights need not sum to 1.</param>
public sealed record FusionComponent(IRecommender Model, double Weight = 1.0);

/// <summary>Shared checks and fitting for fusion models.</summary>
internal static class FusionComponents
{
    public static IReadOnlyList<FusionComponent> Validate(IReadOnlyList<FusionComponent> components, string model)
    {
        ArgumentNullException.ThrowIfNull(components);
        if (components.Count == 0) throw new ArgumentException($"{model}: at least one component model is required.", nameof(components));
        for (var i = 0; i < components.Count; i++)
        {
            var c = components[i] ?? throw new ArgumentException($"{model}: component {i} is null.", nameof(components));
            if (c.Model is null) throw new ArgumentException($"{model}: component {i} has no model.", nameof(components));
            if (!(c.Weight >= 0) || double.IsInfinity(c.Weight))
                throw new ArgumentException($"{model}: component '{c.Model.Name}' has weight {c.Weight}; expected a finite value ≥ 0.", nameof(components));
        }
        return components.ToArray();
    }

    /// <summary>Fits every component in turn, forwarding progress with the component's name.</summary>
    public static void FitAll(IReadOnlyList<FusionComponent> components, TrainingSet train, bool fit,
        IProgress<FitProgress>? progress, CancellationToken ct, string fusionName)
    {
        if (!fit) return;
        for (var i = 0; i < components.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            components[i].Model.Fit(train, progress, ct);
            progress?.Report(new FitProgress(fusionName, i + 1, components.Count, Message: $"fitted {components[i].Model.Name}"));
        }
    }

    public static string JoinNames(IReadOnlyList<FusionComponent> components) =>
        string.Join("+", components.Select(c => c.Model.Name));
}
