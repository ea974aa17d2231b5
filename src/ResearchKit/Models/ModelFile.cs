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
/// <c>users</c>/<c>items</c> (the id-space sizes) plus model-specific scalars, and <c>checksum</c>: the SHA-256 of all
/// of that and every tensor (<see cref="SafeTensorsFile.ContentChecksum"/>). Loading verifies the checksum (a flipped
/// byte anywhere is an error naming the file, never silently different metrics) and that every float is finite; a
/// model whose learned state holds NaN or ∞ is refused at save time too. The tensors per model are listed in
/// docs/algorithms.md. Loading needs the <see cref="TrainingSet"/> the model was fitted on, for seen-item exclusion.
/// </summary>
public static class ModelFile
{
    /// <summary>The format tag written into every file.</summary>
    public const string Format = "researchkit-model/1";

    /// <summary>The metadata key holding the content checksum.</summary>
    public const string ChecksumKey = "checksum";

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

    /// <summary>Checks the learned state is finite, stamps the checksum, and writes the file atomically.</summary>
    internal static void Save(SafeTensorsFile file, string path)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (FirstNonFinite(file) is { } bad)
            throw new InvalidOperationException($"{path}: not saved: the model's {bad} (training diverged; lower the learning rate or raise regularisation).");
        file.Metadata.Remove(ChecksumKey);
        file.Metadata[ChecksumKey] = file.ContentChecksum(ChecksumKey);
        file.Save(path);
    }

    /// <summary>
    /// Opens a file, checking the format, the checksum, that every float is finite, the model name (when given) and
    /// that the id spaces match. Every problem is an <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    internal static SafeTensorsFile Open(string path, TrainingSet train, string? expectedModel)
    {
        ArgumentNullException.ThrowIfNull(train);
        var file = SafeTensorsFile.Load(path);
        if (!file.Metadata.TryGetValue("format", out var format) || format != Format)
            throw new InvalidDataException($"{path}: not a ResearchKit model file (metadata format '{format}', expected '{Format}').");
        if (!file.Metadata.TryGetValue(ChecksumKey, out var stored))
            throw new InvalidDataException($"{path}: has no checksum (written by another tool or an older kit); refit and save the model again.");
        if (file.ContentChecksum(ChecksumKey) != stored)
            throw new InvalidDataException($"{path}: checksum mismatch: the file is corrupted (its content no longer matches {stored}).");
        if (FirstNonFinite(file) is { } bad) throw new InvalidDataException($"{path}: the model's {bad}.");
        var model = file.Metadata.GetValueOrDefault("model", "");
        if (expectedModel is not null && model != expectedModel)
            throw new InvalidDataException($"{path}: holds model '{model}', expected '{expectedModel}'.");
        var users = Count(file, "users", path);
        var items = Count(file, "items", path);
        if (users != train.UserCount || items != train.ItemCount)
            throw new InvalidDataException($"{path}: fitted on {users} users × {items} items but the training set has {train.UserCount} × {train.ItemCount}.");
        return file;
    }

    /// <summary>The options record stored in a file.</summary>
    internal static TOptions Options<TOptions>(SafeTensorsFile file)
    {
        try
        {
            return JsonSerializer.Deserialize<TOptions>(file.Metadata.GetValueOrDefault("options", ""), Json) ?? throw new InvalidDataException("options metadata is empty.");
        }
        catch (JsonException e) { throw new InvalidDataException($"options metadata is not valid JSON for {typeof(TOptions).Name}: {e.Message}", e); }
    }

    private static int Count(SafeTensorsFile file, string key, string path) =>
        file.Metadata.TryGetValue(key, out var text) && int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n : throw new InvalidDataException($"{path}: metadata '{key}' must be a non-negative integer, got '{text}'.");

    // The first NaN/∞ among float tensors and numeric metadata, described; null when everything is finite.
    private static string? FirstNonFinite(SafeTensorsFile file)
    {
        foreach (var name in file.Names)
        {
            var t = file.Get(name);
            if (t.DType == SafeTensorDType.F32)
            {
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(t.Data);
                for (var i = 0; i < values.Length; i++)
                    if (!float.IsFinite(values[i])) return $"tensor '{name}' holds {values[i]} at element {i}";
            }
            else if (t.DType == SafeTensorDType.F64)
            {
                var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(t.Data);
                for (var i = 0; i < values.Length; i++)
                    if (!double.IsFinite(values[i])) return $"tensor '{name}' holds {values[i]} at element {i}";
            }
        }
        foreach (var (key, value) in file.Metadata)
            if (double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && !double.IsFinite(v))
                return $"metadata '{key}' is {value}";
        return null;
    }
}
