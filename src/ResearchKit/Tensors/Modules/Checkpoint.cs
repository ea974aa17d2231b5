using ResearchKit.Serialization;
using ResearchKit.Tensors.Optimizers;

namespace ResearchKit.Tensors.Modules;

/// <summary>
/// Saves and loads a module's parameters (and optionally its optimizer's state) as safetensors, named like a
/// PyTorch state dict (<c>layers.0.weight</c>), so <c>safetensors.torch.load_file</c> reads them.
/// </summary>
public static class Checkpoint
{
    /// <summary>Writes the parameters of <paramref name="module"/> (F32) with optional string metadata and optimizer state.</summary>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = new SafeTensorsFile();
        foreach (var (name, p) in module.NamedParameters()) file.Add(name, p.Data, p.Shape);
        optimizer?.SaveState(file, module.NamedParameters());
        if (metadata is not null) foreach (var (k, v) in metadata) file.Metadata[k] = v;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        var temp = path + ".tmp";
        file.Save(temp);                      // write then rename: a crash never leaves a half-written checkpoint
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Loads parameters saved by <see cref="Save"/> into <paramref name="module"/> (names and shapes must match) and,
    /// when given, the optimizer's state. Returns the file's metadata.
    /// </summary>
    /// <exception cref="InvalidDataException">A parameter is missing or has another shape (the message names it).</exception>
    public static IReadOnlyDictionary<string, string> Load(Module module, string path, Optimizer? optimizer = null)
    {
        ArgumentNullException.ThrowIfNull(module);
        var file = SafeTensorsFile.Load(path);
        foreach (var (name, p) in module.NamedParameters())
        {
            if (!file.Contains(name)) throw new InvalidDataException($"{path}: parameter '{name}' is missing.");
            var values = file.GetFloat32(name, out var shape);
            if (!shape.SequenceEqual(p.Shape))
                throw new InvalidDataException($"{path}: parameter '{name}' has shape [{string.Join(", ", shape)}], the model expects [{string.Join(", ", p.Shape)}].");
            values.CopyTo(p.Data, 0);
        }
        optimizer?.LoadState(file, module.NamedParameters());
        return file.Metadata;
    }
}
