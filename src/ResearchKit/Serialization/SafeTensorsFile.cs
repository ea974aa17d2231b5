using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ResearchKit.Serialization;

/// <summary>Element types a <see cref="SafeTensorsFile"/> stores (the safetensors dtype codes).</summary>
public enum SafeTensorDType
{
    /// <summary>IEEE float32, code "F32".</summary>
    F32,
    /// <summary>IEEE float64, code "F64".</summary>
    F64,
    /// <summary>Signed 32-bit integer, code "I32".</summary>
    I32,
    /// <summary>Signed 64-bit integer, code "I64".</summary>
    I64,
    /// <summary>Unsigned byte, code "U8".</summary>
    U8,
}

/// <summary>One named tensor: element type, shape and little-endian raw bytes.</summary>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions (empty for a scalar).</param>
/// <param name="Data">Little-endian element bytes, row-major; length = product(shape) × element size.</param>
public sealed record SafeTensor(SafeTensorDType DType, int[] Shape, byte[] Data)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape) n *= d;
            return n;
        }
    }
}

/// <summary>
/// Reads and writes the <a href="https://github.com/huggingface/safetensors">safetensors</a> format, so files
/// open in PyTorch (<c>safetensors.torch.load_file</c>) and NumPy. Layout: an 8-byte little-endian unsigned header
/// length N; N bytes of UTF-8 JSON <c>{"NAME":{"dtype":"F32","shape":[..],"data_offsets":[begin,end]},…,
/// "__metadata__":{"key":"value"}}</c> padded with spaces so the data starts 8-byte aligned; then the raw
/// little-endian tensor bytes, tensors back to back in the order written (offsets relative to the data start,
/// contiguous, no gaps — what the reference reader validates). Metadata values are strings only.
/// </summary>
public sealed class SafeTensorsFile
{
    private const long MaxHeaderBytes = 100_000_000; // the reference implementation's limit
    private readonly List<KeyValuePair<string, SafeTensor>> _tensors = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>Free-form string metadata (the <c>__metadata__</c> entry).</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Tensor names in file order.</summary>
    public IEnumerable<string> Names => _tensors.Select(t => t.Key);

    /// <summary>Number of tensors.</summary>
    public int Count => _tensors.Count;

    /// <summary>Adds (or replaces) a float32 tensor; <paramref name="shape"/>'s product must equal the data length.</summary>
    public void Add(string name, ReadOnlySpan<float> data, params int[] shape) =>
        Add(name, SafeTensorDType.F32, data, shape);

    /// <summary>Adds (or replaces) a float64 tensor.</summary>
    public void Add(string name, ReadOnlySpan<double> data, params int[] shape) =>
        Add(name, SafeTensorDType.F64, data, shape);

    /// <summary>Adds (or replaces) an int32 tensor.</summary>
    public void Add(string name, ReadOnlySpan<int> data, params int[] shape) =>
        Add(name, SafeTensorDType.I32, data, shape);

    /// <summary>Adds (or replaces) an int64 tensor.</summary>
    public void Add(string name, ReadOnlySpan<long> data, params int[] shape) =>
        Add(name, SafeTensorDType.I64, data, shape);

    private void Add<T>(string name, SafeTensorDType dtype, ReadOnlySpan<T> values, int[] shape) where T : unmanaged
    {
        var length = values.Length;
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name == "__metadata__") throw new ArgumentException("'__metadata__' is reserved for metadata.", nameof(name));
        long product = 1;
        foreach (var d in shape)
        {
            if (d < 0) throw new ArgumentException($"Tensor '{name}': negative dimension {d} in shape.", nameof(shape));
            product *= d;
        }
        if (product != length)
            throw new ArgumentException($"Tensor '{name}': shape [{string.Join(",", shape)}] holds {product} elements but data has {length}.", nameof(shape));
        var byteCount = (long)length * ElementSize(dtype);
        if (byteCount > Array.MaxLength)
            throw new ArgumentException($"Tensor '{name}' has {byteCount:N0} bytes; this writer holds each tensor in one byte array, so at most {Array.MaxLength:N0} bytes (≈ 2 GiB) per tensor.", nameof(name));
        var data = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) ReverseEach(data, ElementSize(dtype));
        var tensor = new SafeTensor(dtype, (int[])shape.Clone(), data);
        if (_index.TryGetValue(name, out var at)) _tensors[at] = new(name, tensor);
        else { _index[name] = _tensors.Count; _tensors.Add(new(name, tensor)); }
    }

    /// <summary>True when a tensor of that name exists.</summary>
    public bool Contains(string name) => _index.ContainsKey(name);

    /// <summary>The tensor called <paramref name="name"/>; throws naming the tensors present when absent.</summary>
    public SafeTensor Get(string name) =>
        _index.TryGetValue(name, out var at) ? _tensors[at].Value
        : throw new KeyNotFoundException($"No tensor '{name}' in the safetensors file; it has: {string.Join(", ", Names)}.");

    /// <summary>A float32 tensor's values and shape; throws when the tensor has another dtype.</summary>
    public float[] GetFloat32(string name, out int[] shape) => GetAs<float>(name, SafeTensorDType.F32, out shape);

    /// <summary>A float64 tensor's values and shape.</summary>
    public double[] GetFloat64(string name, out int[] shape) => GetAs<double>(name, SafeTensorDType.F64, out shape);

    /// <summary>An int32 tensor's values and shape.</summary>
    public int[] GetInt32(string name, out int[] shape) => GetAs<int>(name, SafeTensorDType.I32, out shape);

    /// <summary>An int64 tensor's values and shape.</summary>
    public long[] GetInt64(string name, out int[] shape) => GetAs<long>(name, SafeTensorDType.I64, out shape);

    private T[] GetAs<T>(string name, SafeTensorDType expected, out int[] shape) where T : unmanaged
    {
        var t = Get(name);
        if (t.DType != expected) throw new InvalidDataException($"Tensor '{name}' is {t.DType}, expected {expected}.");
        shape = (int[])t.Shape.Clone();
        var bytes = t.Data;
        if (!BitConverter.IsLittleEndian) { bytes = (byte[])bytes.Clone(); ReverseEach(bytes, ElementSize(t.DType)); }
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    /// <summary>Size in bytes of one element of <paramref name="dtype"/>.</summary>
    public static int ElementSize(SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F32 or SafeTensorDType.I32 => 4,
        SafeTensorDType.F64 or SafeTensorDType.I64 => 8,
        SafeTensorDType.U8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    /// <summary>Writes the file to <paramref name="path"/> atomically (created or replaced; see <see cref="AtomicFile"/>).</summary>
    public void Save(string path) => AtomicFile.Write(path, Write);

    /// <summary>Writes the safetensors bytes to <paramref name="stream"/>.</summary>
    public void Write(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var json = new MemoryStream();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            if (Metadata.Count > 0)
            {
                w.WriteStartObject("__metadata__");
                foreach (var (k, v) in Metadata) w.WriteString(k, v);
                w.WriteEndObject();
            }
            long offset = 0;
            foreach (var (name, t) in _tensors)
            {
                w.WriteStartObject(name);
                w.WriteString("dtype", t.DType.ToString());
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offset);
                w.WriteNumberValue(offset + t.Data.Length);
                w.WriteEndArray();
                w.WriteEndObject();
                offset += t.Data.Length;
            }
            w.WriteEndObject();
        }
        var header = json.ToArray();
        var padded = (header.Length + 7) / 8 * 8; // spaces keep the data 8-byte aligned, as the Python writer does
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(len, (ulong)padded);
        stream.Write(len);
        stream.Write(header);
        for (var i = header.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, t) in _tensors) stream.Write(t.Data);
    }

    /// <summary>Reads a file; errors (<see cref="InvalidDataException"/>) name the file and what was wrong.</summary>
    public static SafeTensorsFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) throw new InvalidDataException($"{path}: is a folder; expected a safetensors file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: file not found.", path);
        using var stream = File.OpenRead(path);
        try { return Read(stream); }
        catch (InvalidDataException e) { throw new InvalidDataException($"{path}: {e.Message}", e); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new InvalidDataException($"{path}: malformed safetensors header ({e.Message}).", e);
        }
    }

    /// <summary>
    /// SHA-256 of the file's content in a canonical order — every metadata entry except <paramref name="excludeKey"/>
    /// (keys in ordinal order, key and value as UTF-8, each followed by a 0 byte), then every tensor by name (name,
    /// dtype, shape, the raw bytes) — as <c>sha256:HEX</c>. Independent of the header's JSON layout, so it can be
    /// stored in the metadata it covers.
    /// </summary>
    public string ContentChecksum(string excludeKey)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Span<byte> zero = [0];
        Span<byte> number = stackalloc byte[8];
        foreach (var key in Metadata.Keys.Where(k => k != excludeKey).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(key)); hash.AppendData(zero);
            hash.AppendData(Encoding.UTF8.GetBytes(Metadata[key])); hash.AppendData(zero);
        }
        foreach (var (name, t) in _tensors.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name)); hash.AppendData(zero);
            number[0] = (byte)t.DType; hash.AppendData(number[..1]);
            BinaryPrimitives.WriteInt32LittleEndian(number, t.Shape.Length); hash.AppendData(number[..4]);
            foreach (var d in t.Shape) { BinaryPrimitives.WriteInt32LittleEndian(number, d); hash.AppendData(number[..4]); }
            BinaryPrimitives.WriteInt64LittleEndian(number, t.Data.LongLength); hash.AppendData(number);
            hash.AppendData(t.Data);
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Reads safetensors bytes from <paramref name="stream"/> (validating offsets, dtypes and shapes).</summary>
    public static SafeTensorsFile Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> len = stackalloc byte[8];
        if (stream.ReadAtLeast(len, 8, throwOnEndOfStream: false) < 8)
            throw new InvalidDataException("truncated: shorter than the 8-byte safetensors header length (not a safetensors file, or cut off).");
        var n = BinaryPrimitives.ReadUInt64LittleEndian(len);
        if (n == 0 || n > MaxHeaderBytes) throw new InvalidDataException($"safetensors header length {n} is not in [1, {MaxHeaderBytes}] (not a safetensors file, or corrupted).");
        if (stream.CanSeek && (long)n > stream.Length - stream.Position)
            throw new InvalidDataException($"truncated: the header is {n:N0} bytes but only {stream.Length - stream.Position:N0} follow.");
        var header = new byte[n];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            throw new InvalidDataException($"truncated: the header is {n:N0} bytes but the stream ends before it does.");
        using var data = new MemoryStream();
        try { stream.CopyTo(data); }
        catch (IOException e) { throw new InvalidDataException($"safetensors data is larger than this reader's 2 GiB limit: {e.Message}", e); }
        var buffer = data.GetBuffer().AsSpan(0, (int)data.Length);

        var file = new SafeTensorsFile();
        JsonDocument doc;
        try { doc = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' ')); }
        catch (JsonException e) { throw new InvalidDataException($"safetensors header is not valid JSON: {e.Message}", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException("safetensors header must be a JSON object.");
            var entries = new List<(string Name, SafeTensorDType DType, int[] Shape, long Begin, long End)>();
            foreach (var prop in doc.RootElement.EnumerateObject())
            {
                if (prop.Name == "__metadata__")
                {
                    foreach (var m in prop.Value.EnumerateObject())
                        file.Metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()!
                            : throw new InvalidDataException($"metadata '{m.Name}' must be a string.");
                    continue;
                }
                entries.Add(ParseEntry(prop));
            }
            // Tensors must tile the data buffer exactly (the reference reader's rule).
            long expect = 0;
            foreach (var e in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
            {
                if (e.Begin != expect) throw new InvalidDataException($"tensor '{e.Name}' starts at {e.Begin}, expected {expect} (offsets must be contiguous).");
                expect = e.End;
            }
            if (expect != buffer.Length) throw new InvalidDataException($"tensor data ends at {expect} but the file holds {buffer.Length} data bytes.");
            foreach (var e in entries)
            {
                var bytes = buffer[(int)e.Begin..(int)e.End].ToArray();
                var t = new SafeTensor(e.DType, e.Shape, bytes);
                if (t.ElementCount * ElementSize(e.DType) != bytes.Length)
                    throw new InvalidDataException($"tensor '{e.Name}': shape [{string.Join(",", e.Shape)}] of {e.DType} needs {t.ElementCount * ElementSize(e.DType)} bytes, offsets give {bytes.Length}.");
                file._index[e.Name] = file._tensors.Count;
                file._tensors.Add(new(e.Name, t));
            }
        }
        return file;
    }

    private static (string, SafeTensorDType, int[], long, long) ParseEntry(JsonProperty prop)
    {
        var name = prop.Name;
        var v = prop.Value;
        if (v.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"tensor '{name}': expected an object with dtype, shape, data_offsets.");
        if (!v.TryGetProperty("dtype", out var dt) || dt.ValueKind != JsonValueKind.String || !Enum.TryParse<SafeTensorDType>(dt.GetString(), false, out var dtype))
            throw new InvalidDataException($"tensor '{name}': dtype must be one of F32, F64, I32, I64, U8.");
        if (!v.TryGetProperty("shape", out var sh) || sh.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"tensor '{name}': missing shape array.");
        var shape = new int[sh.GetArrayLength()];
        var i = 0;
        foreach (var d in sh.EnumerateArray())
            shape[i++] = d.TryGetInt32(out var x) && x >= 0 ? x : throw new InvalidDataException($"tensor '{name}': shape entries must be non-negative integers.");
        if (!v.TryGetProperty("data_offsets", out var off) || off.ValueKind != JsonValueKind.Array || off.GetArrayLength() != 2)
            throw new InvalidDataException($"tensor '{name}': data_offsets must be [begin, end].");
        var begin = off[0].GetInt64(); var end = off[1].GetInt64();
        if (begin < 0 || end < begin) throw new InvalidDataException($"tensor '{name}': bad data_offsets [{begin}, {end}].");
        return (name, dtype, shape, begin, end);
    }

    private static void ReverseEach(byte[] data, int size)
    {
        if (size == 1) return;
        for (var i = 0; i + size <= data.Length; i += size) data.AsSpan(i, size).Reverse();
    }
}
