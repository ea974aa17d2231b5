using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ResearchKit.Models.Deep.Torch;

/// <summary>Float32 tensors and host arrays to and from checkpoint streams (shape, then little-endian values).</summary>
internal static class TensorIO
{
    /// <summary>Writes <paramref name="tensor"/>'s shape and values (copied to the CPU).</summary>
    public static void Write(BinaryWriter writer, Tensor tensor)
    {
        using var scope = NewDisposeScope();
        var cpu = tensor.detach().cpu().contiguous();
        Write(writer, cpu.data<float>().ToArray(), cpu.shape);
    }

    /// <summary>Writes a host array with its shape.</summary>
    public static void Write(BinaryWriter writer, float[] values, long[] shape)
    {
        writer.Write(shape.Length);
        foreach (var s in shape) writer.Write(s);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>Reads values written by <see cref="Write(BinaryWriter, Tensor)"/> into <paramref name="target"/>, which must have the same shape.</summary>
    public static void ReadInto(BinaryReader reader, Tensor target)
    {
        var values = Read(reader, target.shape);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var source = tensor(values, target.shape, device: target.device);
        target.copy_(source);
    }

    /// <summary>Reads a host array, checking that its shape is <paramref name="expected"/>.</summary>
    public static float[] Read(BinaryReader reader, long[] expected)
    {
        var rank = reader.ReadInt32();
        var shape = new long[rank];
        for (var i = 0; i < rank; i++) shape[i] = reader.ReadInt64();
        if (!shape.AsSpan().SequenceEqual(expected))
            throw new InvalidDataException($"checkpoint tensor has shape [{string.Join(", ", shape)}], expected [{string.Join(", ", expected)}].");
        var values = new float[shape.Aggregate(1L, (a, b) => a * b)];
        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan()));
        return values;
    }
}
