namespace ResearchKit.Features;

/// <summary>
/// Where a <see cref="FeatureSet"/> came from: the builder that made it, the dataset it was fitted on, the options
/// it used, and every transformer applied since (in order). Kept so a feature matrix saved to disk or shown in a
/// notebook can be traced back to its training data (the guard against accidental leakage).
/// </summary>
/// <param name="Builder">The builder or source (e.g. "UserFeatures", "ItemFeatures", "manual").</param>
/// <param name="Dataset">Name of the dataset the features were fitted on.</param>
/// <param name="Options">The builder's options as text (a record's ToString()).</param>
/// <param name="Steps">Transformers applied after building, in order, each with its fitted summary.</param>
public sealed record FeatureProvenance(string Builder, string Dataset, string Options, IReadOnlyList<string> Steps)
{
    /// <summary>Provenance for a matrix built by hand or from an external source.</summary>
    public static FeatureProvenance Manual(string description = "manual") => new(description, "", "", []);

    /// <summary>The same provenance with one more transformer step appended.</summary>
    public FeatureProvenance WithStep(string step) => this with { Steps = [.. Steps, step] };

    /// <summary>One line: builder(dataset) → step → step.</summary>
    public override string ToString()
    {
        var head = Dataset.Length == 0 ? Builder : $"{Builder}({Dataset})";
        return Steps.Count == 0 ? head : head + " → " + string.Join(" → ", Steps);
    }
}
