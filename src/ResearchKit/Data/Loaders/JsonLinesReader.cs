using System.IO.Compression;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Reads a JSON-lines file (optionally .gz) line by line into one growing byte buffer: no per-line allocation.
/// Blank lines are skipped; a trailing '\r' is removed.
/// </summary>
internal sealed class JsonLinesReader : IDisposable
{
    private readonly FileStream _file;
    private readonly Stream _stream;
    private byte[] _buffer = new byte[1 << 20];
    private int _start, _end;
    private bool _eof;

    /// <summary>Opens <paramref name="path"/>; names the file in the error when it is missing.</summary>
    public JsonLinesReader(string path, string what)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: {what} not found. See data/README.md for downloads.", path);
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        _stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(_file, CompressionMode.Decompress) : _file;
    }

    /// <summary>1-based number of the line last returned.</summary>
    public long Line { get; private set; }

    /// <summary>Bytes of the (compressed) file read so far, and its length: for progress.</summary>
    public (long Position, long Length) Progress => (_file.Position, _file.Length);

    /// <summary>The next non-blank line, valid until the next call; false at the end of the file.</summary>
    public bool TryRead(out ReadOnlySpan<byte> json)
    {
        while (true)
        {
            var nl = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (nl < 0 && !_eof)
            {
                if (_start > 0) { Array.Copy(_buffer, _start, _buffer, 0, _end - _start); _end -= _start; _start = 0; }
                if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0) _eof = true;
                _end += read;
                continue;
            }
            if (nl < 0 && _start == _end) { json = default; return false; }
            var length = nl < 0 ? _end - _start : nl;
            json = _buffer.AsSpan(_start, length).TrimEnd((byte)'\r');
            _start += nl < 0 ? length : length + 1;
            Line++;
            if (!json.Trim((byte)' ').IsEmpty) return true;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stream.Dispose();
        _file.Dispose();
    }
}
