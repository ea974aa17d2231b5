using System.Text.Json;
using System.Text.Json.Serialization;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Serialization;

namespace ResearchKit.Models;

/// <summary>A fitted model that can be written to a file and read back with <see cref="ModelFile.Load"/>.</summary>
public interface IPersistentRecommender : IRecommender
{
    /// <summary>Writes the fitted state (and the options) to <paramref name="path"/>.</summary>
    void Save(string path);
}

/// <summary>
/// Saved models. Every model is stored as a <see cref="SafeTensorsFile"/> (loadable from Python with
/// <c>safetensors.numpy.load_file</c>): its learned arrays as tensors and, in <c>__metadata__</c>,
/// <c>format = "researchkit-model/1"</c>, <c>model</c> (the registry name), <c>options</c> (the options record as JSON),
/// <c>users</c>/<c>items</c> (the id-space sizes) plus model-specific scalars. The tensors per model are listed in
/// docs/algorithms.md. Loading needs the <see cref="TrainingSet"/> the model was fitted on, for seen-item exclusion.
/// </summary>
public static class ModelFile
{
    /// <summary>The format tag written into every file.</summary>
    public const string Format = "researchkit-model/1";

    internal static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Reads any saved model; dispatches on the <c>model</c> metadata entry.</summary>
    public static IRecommender Load(string path, TrainingSet train)
    {
        var file = Open(path, train, expectedModel: null);
        var model = file.Metadata["model"];
        return model switch
        {
            "random" => RandomRecommender.Load(path, train),
            "itemknn" => ItemKnnRecommender.Load(path, train),
            "als" => AlsRecommender.Load(path, train),
            "bpr" => BprRecommender.Load(path, train),
            "ease" => EaseRecommender.Load(path, train),
            "mf" => BiasedMfRecommender.Load(path, train),
            "ltr" => throw new InvalidDataException($"{path}: a learned ranker needs its fitted members; load it with LearnedRankerRecommender.Load(path, train, members)."),
            _ => throw new InvalidDataException($"{path}: unknown model '{model}' in metadata."),
        };
    }

    /// <summary>Starts a file for <paramref name="model"/> with the common metadata.</summary>
    internal static SafeTensorsFile Create<TOptions>(string model, TOptions options, TrainingSet train)
    {
        var file = new SafeTensorsFile();
        file.Metadata["format"] = Format;
        file.Metadata["model"] = model;
        file.Metadata["options"] = JsonSerializer.Serialize(options, Json);
        file.Metadata["users"] = train.UserCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        file.Metadata["items"] = train.ItemCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return file;
    }

    /// <summary>Opens a file, checking the format, the model name (when given) and that the id spaces match.</summary>
    internal static SafeTensorsFile Open(string path, TrainingSet train, string? expectedModel)
    {
        ArgumentNullException.ThrowIfNull(train);
        var file = SafeTensorsFile.Load(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"{path}: not a ResearchKit model file (metadata format '{format}', expected '{Format}').");
        var model = file.Metadata.GetValueOrDefault("model", "");
        if (expectedModel is not null && model != expectedModel)
            throw new InvalidDataException($"{path}: holds model '{model}', expected '{expectedModel}'.");
        var users = int.Parse(file.Metadata["users"], System.Globalization.CultureInfo.InvariantCulture);
        var items = int.Parse(file.Metadata["items"], System.Globalization.CultureInfo.InvariantCulture);
        if (users != train.UserCount || items != train.ItemCount)
            throw new InvalidDataException($"{path}: fitted on {users} users × {items} items but the training set has {train.UserCount} × {train.ItemCount}.");
        return file;
    }

    /// <summary>The options record stored in a file.</summary>
    internal static TOptions Options<TOptions>(SafeTensorsFile file) =>
        JsonSerializer.Deserialize<TOptions>(file.Metadata["options"], Json) ?? throw new InvalidDataException("options metadata is empty.");
}
