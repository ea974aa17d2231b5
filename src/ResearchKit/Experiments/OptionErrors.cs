using System.Text.RegularExpressions;

namespace ResearchKit.Experiments;

/// <summary>
/// Rewrites an options record's validation error (which names its C# property: "LearningRate must be &gt; 0, got -1.")
/// into the registry's terms ("bpr: lr must be &gt; 0, got -1."). The one place that knows which registry parameter
/// fills which option property.
/// </summary>
internal static partial class OptionErrors
{
    // Option properties whose registry parameter is not the property name in lower case (Factors → factors needs no
    // entry). Keep in step with ModelRegistry's factories; a test checks every numeric parameter of every model.
    private static readonly Dictionary<string, string> Parameters = new(StringComparer.Ordinal)
    {
        ["LearningRate"] = "lr", ["Regularization"] = "reg", ["WeightDecay"] = "reg", ["BatchSize"] = "batch",
        ["HalfLifeDays"] = "halflife", ["CgSteps"] = "cg", ["VerifyNegatives"] = "verify", ["LogQCorrection"] = "logq",
        ["FeaturesFromData"] = "features", ["ValidationUsers"] = "val", ["RandomNegatives"] = "negatives",
        ["Normalization"] = "norm", ["RrfConstant"] = "c", ["MinInteractions"] = "min", ["ValidationFraction"] = "validation",
        ["Exploration"] = "alpha", ["MaxLength"] = "maxlen", ["MinLeafRows"] = "minleaf", ["MaxTrainUsers"] = "users",
        ["UseFeatures"] = "features", ["RefitMembers"] = "refit", ["PriorHistory"] = "history", ["WeightCap"] = "cap",
    };

    [GeneratedRegex(@"^(?<property>[A-Z][A-Za-z0-9]*)(?<rest>\s.*)$", RegexOptions.Singleline)]
    private static partial Regex LeadingProperty();

    /// <summary>
    /// The registry parameter (as the user typed it) that fills option <paramref name="property"/>, or null when the
    /// model reads no such parameter.
    /// </summary>
    public static string? ParameterFor(string property, IReadOnlyCollection<string> parametersRead, ModelSpec spec)
    {
        var name = Parameters.GetValueOrDefault(property) ?? property.ToLowerInvariant();
        if (!parametersRead.Contains(name, StringComparer.OrdinalIgnoreCase)) return null;
        return spec.Parameters.Keys.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase)) ?? name;
    }

    /// <summary>
    /// <paramref name="error"/> (from a model's constructor) as "MODEL: parameter ..." with the model as typed and the
    /// leading property replaced by its parameter; messages that name no known property keep their text.
    /// </summary>
    public static ArgumentException Translate(ModelSpec spec, IReadOnlyCollection<string> parametersRead, ArgumentException error)
    {
        // ArgumentException appends " (Parameter 'x')" to Message when a parameter name was given; the text alone reads better.
        var text = error.ParamName is null ? error.Message : error.Message.Replace($" (Parameter '{error.ParamName}')", "", StringComparison.Ordinal);
        var match = LeadingProperty().Match(text);
        if (match.Success && ParameterFor(match.Groups["property"].Value, parametersRead, spec) is { } parameter)
            text = parameter + match.Groups["rest"].Value;
        // Some messages already start with the model's name ("rrf: component 'x' has weight -1"): name it once, as typed.
        if (text.StartsWith(spec.Name + ": ", StringComparison.OrdinalIgnoreCase)) text = text[(spec.Name.Length + 2)..];
        return new ArgumentException($"{spec.TypedName}: {text}", error);
    }
}
