namespace ResearchKit.Data.Loaders;

/// <summary>
/// Reads a JSON-lines file (optionally .gz) line by line into one growing byte buffer: no per-line allocation.
/// Blank lines are skipped; a trailing '\r' is removed. gzip is detected and checked by <see cref="InputFile"/>; a line
/// longer than the line-length limit (<see cref="CsvReader.DefaultMaxLineLength"/> bytes by default) is an error.
/// </summary>
internal sealed class JsonLinesReader : IDisposable
{
    private readonly FileStream _file;
    private readonly Stream _stream;
    private readonly string _path;
    private readonly int _maxLine;
    private byte[] _buffer = new byte[1 << 20];
    private int _start, _end;
    private bool _eof;

    /// <summary>Opens <paramref name="path"/>; names the file in the error when it is missing.</summary>
    public JsonLinesReader(string path, string what, int maxLineLength = CsvReader.DefaultMaxLineLength)
    {
        if (!File.Exists(path) && !Directory.Exists(path)) throw new FileNotFoundException($"{path}: {what} not found. See data/README.md for downloads.", path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 16);
        _path = path;
        _maxLine = maxLineLength;
        _stream = InputFile.OpenRead(path, what, out _file);
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
                if (_end >= _maxLine)
                    throw new CsvFormatException(_path, Line + 1, null, $"a line of at most {_maxLine:N0} bytes (the line-length limit, DataLoadOptions.MaxLineLength)", "a longer line");
                if (_end == _buffer.Length) Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, _maxLine + 1));
                var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0) _eof = true;
                _end += read;
                continue;
            }
            if (nl < 0 && _start == _end) { json = default; return false; }
            var length = nl < 0 ? _end - _start : nl;
            if (length > _maxLine)
                throw new CsvFormatException(_path, Line + 1, null, $"a line of at most {_maxLine:N0} bytes (the line-length limit, DataLoadOptions.MaxLineLength)", "a longer line");
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
