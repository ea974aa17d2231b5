using System.Globalization;
using System.Text;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// A fast, allocation-free-per-row delimited-text reader: fields are spans into a large char buffer; quoted fields
/// (RFC 4180: <c>"a, ""b"""</c>, newlines inside quotes) are supported when a quote character is set; the separator
/// may be several characters (MovieLens 1M's <c>::</c>). Blank lines are skipped; <c>\r\n</c> is accepted.
/// Invalid text in the file's encoding (strict UTF-8 by default) raises a <see cref="CsvFormatException"/> naming
/// the physical line that holds the invalid bytes. gzip input is decompressed and checked (<see cref="InputFile"/>);
/// a row longer than the line-length limit (<see cref="DefaultMaxLineLength"/> characters by default) is an error,
/// so one huge line cannot take gigabytes of memory.
/// </summary>
public sealed class CsvReader : IDisposable
{
    /// <summary>Default limit on one row's length in characters (1 MiB): longer rows are an error.</summary>
    public const int DefaultMaxLineLength = 1 << 20;

    private readonly StreamReader _reader;
    private readonly FileStream _raw;
    private readonly int _maxLine;
    private readonly string _sep;
    private readonly char _quote;
    private char[] _buf = new char[1 << 20];
    private int _pos, _end;
    private bool _eof;
    private (int Start, int Length, bool Escaped)[] _fields = new (int, int, bool)[16];
    private char[] _scratch = new char[256];
    private long _nextLine = 1;

    /// <summary>
    /// Opens <paramref name="path"/> (plain or gzip). <paramref name="quote"/> '\0' disables quoting;
    /// <paramref name="encoding"/> defaults to strict UTF-8; <paramref name="maxLineLength"/> limits one row's characters.
    /// </summary>
    public CsvReader(string path, string separator = ",", char quote = '"', bool hasHeader = true, Encoding? encoding = null,
        int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentException.ThrowIfNullOrEmpty(separator);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 16);
        Path = path;
        _maxLine = maxLineLength;
        var stream = InputFile.OpenRead(path, "data", out _raw);
        TotalBytes = _raw.Length;
        _reader = new StreamReader(stream, encoding ?? new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, 1 << 16);
        _sep = separator; _quote = quote;
        if (hasHeader)
        {
            if (!ReadRow()) throw new CsvFormatException(path, 0, null, "a header line", "an empty file");
            var header = new string[FieldCount];
            for (var i = 0; i < header.Length; i++) header[i] = this[i].Trim().ToString();
            Header = header;
        }
    }

    /// <summary>The file being read.</summary>
    public string Path { get; }

    /// <summary>Column names from the header line (empty without a header).</summary>
    public IReadOnlyList<string> Header { get; } = [];

    /// <summary>1-based line number where the current row starts.</summary>
    public long Line { get; private set; }

    /// <summary>Number of fields in the current row.</summary>
    public int FieldCount { get; private set; }

    /// <summary>File size in bytes.</summary>
    public long TotalBytes { get; }

    /// <summary>Bytes consumed from the file so far (read-ahead included; compressed bytes for gzip).</summary>
    public long BytesRead => _raw.Position;

    /// <summary>Field <paramref name="i"/> of the current row (quotes removed, doubled quotes unescaped).</summary>
    public ReadOnlySpan<char> this[int i]
    {
        get
        {
            if ((uint)i >= (uint)FieldCount) throw new CsvFormatException(Path, Line, (i + 1).ToString(CultureInfo.InvariantCulture), $"at least {i + 1} fields", $"{FieldCount} fields");
            var (start, length, escaped) = _fields[i];
            return escaped ? _scratch.AsSpan(start, length) : _buf.AsSpan(start, length);
        }
    }

    /// <summary>The 0-based index of header column <paramref name="name"/> (case-insensitive), or -1.</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Header.Count; i++) if (string.Equals(Header[i], name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The index of a required column; a clear error listing the header when it is missing.</summary>
    public int Require(string name) => IndexOf(name) is var i and >= 0
        ? i
        : throw new CsvFormatException(Path, 1, name, $"a column named '{name}' in the header", string.Join(Sep, Header));

    private string Sep => _sep;

    /// <summary>Advances to the next non-blank row; false at the end of the file.</summary>
    public bool ReadRow()
    {
        while (true)
        {
            var result = TryParseRow();
            if (result == Parse.Row) { FinishEscapes(); return true; }
            if (result == Parse.End) return false;
            if (result == Parse.Blank) continue;
            Fill();   // Parse.NeedMore: the row runs past the buffered text
        }
    }

    private enum Parse { Row, Blank, End, NeedMore }

    private Parse TryParseRow()
    {
        var pos = _pos;
        var rowStart = pos;
        if (pos >= _end) return _eof ? Parse.End : Parse.NeedMore;
        var buf = _buf;
        var sep0 = _sep[0];
        var newlines = 0;
        var n = 0;
        while (true)
        {
            int start, length; var escaped = false;
            if (_quote != '\0' && pos < _end && buf[pos] == _quote)
            {
                var newlinesBefore = newlines;
                var r = pos + 1;
                while (true)
                {
                    if (r >= _end) return _eof ? throw new CsvFormatException(Path, _nextLine + newlinesBefore, (n + 1).ToString(CultureInfo.InvariantCulture), "a closing quote for the field that starts on this line", "end of file") : Parse.NeedMore;
                    var c = buf[r];
                    if (c == _quote)
                    {
                        if (r + 1 >= _end && !_eof) return Parse.NeedMore;
                        if (r + 1 < _end && buf[r + 1] == _quote) { escaped = true; r += 2; continue; }
                        break;
                    }
                    if (c == '\n') newlines++;
                    r++;
                }
                start = pos + 1; length = r - pos - 1;
                pos = r + 1;
                if (pos < _end && buf[pos] == '\r') pos++;
                if (pos < _end && buf[pos] != sep0 && buf[pos] != '\n') throw Error($"'{_sep}' or end of line after a closing quote", buf[pos].ToString());
            }
            else
            {
                var scan = pos;
                while (true)
                {
                    var idx = buf.AsSpan(scan, _end - scan).IndexOfAny(sep0, '\n');
                    if (idx < 0) { if (!_eof) return Parse.NeedMore; scan = _end; break; }
                    scan += idx;
                    if (buf[scan] == '\n' || _sep.Length == 1) break;
                    if (scan + _sep.Length > _end && !_eof) return Parse.NeedMore;
                    if (buf.AsSpan(scan, Math.Min(_sep.Length, _end - scan)).SequenceEqual(_sep)) break;
                    scan++;
                }
                start = pos; length = scan - pos;
                if (length > 0 && (scan >= _end || buf[scan] == '\n') && buf[scan - 1] == '\r') length--;
                pos = scan;
            }
            if (n == _fields.Length) Array.Resize(ref _fields, n * 2);
            _fields[n++] = (start, length, escaped);
            if (pos >= _end || buf[pos] == '\n')
            {
                if (pos - rowStart > _maxLine)
                    throw new CsvFormatException(Path, _nextLine, null, $"a row of at most {_maxLine:N0} characters (the line-length limit, DataLoadOptions.MaxLineLength)", "a longer row");
                _pos = Math.Min(pos + 1, _end);
                Line = _nextLine;
                _nextLine += 1 + newlines;
                FieldCount = n;
                return n == 1 && length == 0 && !escaped && (start == 0 || buf[start - 1] != _quote) ? Parse.Blank : Parse.Row;
            }
            pos += buf[pos] == sep0 && _sep.Length == 1 ? 1 : _sep.Length;
        }
    }

    private void FinishEscapes()
    {
        var used = 0;
        for (var i = 0; i < FieldCount; i++)
        {
            var (start, length, escaped) = _fields[i];
            if (!escaped) continue;
            if (_scratch.Length < used + length) Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, used + length));
            var w = used;
            for (var r = start; r < start + length; r++)
            {
                _scratch[w++] = _buf[r];
                if (_buf[r] == _quote) r++;
            }
            _fields[i] = (used, w - used, true);
            used = w;
        }
    }

    private void Fill()
    {
        var remaining = _end - _pos;
        if (remaining >= _maxLine)
            throw new CsvFormatException(Path, _nextLine, null, $"a row of at most {_maxLine:N0} characters (the line-length limit, DataLoadOptions.MaxLineLength)", $"a longer row");
        if (remaining > _buf.Length / 2) Array.Resize(ref _buf, Math.Min(_buf.Length * 2, Math.Max(_maxLine + 1, _buf.Length)));   // one row longer than half the buffer
        Array.Copy(_buf, _pos, _buf, 0, remaining);
        _pos = 0; _end = remaining;
        try
        {
            while (_end < _buf.Length)
            {
                var read = _reader.Read(_buf, _end, _buf.Length - _end);
                if (read == 0) { _eof = true; break; }
                _end += read;
            }
        }
        catch (DecoderFallbackException e)
        {
            var encoding = _reader.CurrentEncoding;
            var line = EncodingCheck.FirstInvalidLine(Path, encoding) ?? _nextLine;
            throw new CsvFormatException(Path, line, null, $"text in {encoding.WebName} (choose the file's encoding, e.g. csv:FILE?encoding=latin1, or DataLoadOptions.Encoding)", "invalid bytes", e);
        }
    }

    /// <summary>An error about the current row, naming the file and line.</summary>
    public CsvFormatException Error(string expected, string? got = null, string? column = null) =>
        new(Path, Line == 0 ? _nextLine : Line, column, expected, got);

    private string ColumnName(int i) => i < Header.Count ? Header[i] : (i + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Field <paramref name="i"/> as an integer; a located error otherwise.</summary>
    public long GetInt64(int i)
    {
        var s = this[i];
        return long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : throw Error("an integer", s.ToString(), ColumnName(i));
    }

    /// <summary>Field <paramref name="i"/> as a float (invariant culture); a located error otherwise.</summary>
    public float GetSingle(int i)
    {
        var s = this[i];
        return TimeParsing.TryParseValue(s, out var v) ? v : throw Error(TimeParsing.ExpectedValue, s.ToString(), ColumnName(i));
    }

    /// <summary>Field <paramref name="i"/>, which must not be empty (ids); a located error otherwise.</summary>
    public ReadOnlySpan<char> GetId(int i)
    {
        var s = this[i].Trim();
        return s.IsEmpty ? throw Error("a non-empty id", "", ColumnName(i)) : s;
    }

    /// <summary>Throws a located error unless the row has at least <paramref name="count"/> fields.</summary>
    public void RequireFields(int count)
    {
        if (FieldCount < count) throw Error($"{count} fields separated by '{_sep}'", $"{FieldCount} field(s)");
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();
}
