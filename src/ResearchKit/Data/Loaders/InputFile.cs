using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Opens every text input of the loaders: refuses what is not a regular file (a FIFO, socket or device would block
/// or never end) without blocking on it, and decompresses gzip, detected by its magic bytes. A <c>.gz</c> name on
/// a file that is not gzip, corrupt gzip data, and a gzip stream that ends early (cut anywhere, even at a line
/// boundary) are errors naming the file — never half the rows. Truncation is detected with the gzip trailer's
/// ISIZE field (RFC 1952 §2.3.1: the uncompressed length mod 2³²), which must equal the bytes decompressed;
/// zlib checks the CRC-32 itself. Concatenated (multi-member) gzip files are therefore not accepted.
/// </summary>
internal static partial class InputFile
{
    /// <summary>Opens <paramref name="path"/> for sequential reading; <paramref name="raw"/> is the file itself (for progress).</summary>
    public static Stream OpenRead(string path, string what, out FileStream raw)
    {
        if (Directory.Exists(path)) throw new IOException($"{path}: is a folder; expected a {what} file.");
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: {what} not found.", path);
        raw = OpenRegular(path, what);
        Span<byte> magic = stackalloc byte[2];
        var n = raw.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        raw.Position = 0;
        var gzip = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        if (!gzip && path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            raw.Dispose();
            throw new CsvFormatException(path, 0, null, "gzip data (the name ends in .gz)", n == 0 ? "an empty file" : "a file that does not start with the gzip magic bytes 1f 8b");
        }
        return gzip ? new CheckedGzipStream(raw, path) : raw;
    }

    private static FileStream OpenRegular(string path, string what)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS())
        {
            // open(2) on a FIFO blocks until a writer appears: open non-blocking, then ask whether it can seek.
            int fd;
            try { fd = Open(path, OperatingSystem.IsLinux() ? 0x800 | 0x80000 : 0x4 | 0x1000000); }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { fd = -2; }
            if (fd >= 0)
            {
                var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, 1 << 16);
                if (stream.CanSeek) return stream;
                stream.Dispose();
                throw new IOException($"{path}: not a regular file (a FIFO, socket or device); expected a {what} file.");
            }
            if (fd == -1) throw new IOException($"{path}: cannot be opened (errno {Marshal.GetLastPInvokeError()}).");
        }
        var fallback = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        if (fallback.CanSeek) return fallback;
        fallback.Dispose();
        throw new IOException($"{path}: not a regular file; expected a {what} file.");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    /// <summary>GZipStream plus the checks it lacks: truncation (trailer ISIZE) and a located error for corrupt data.</summary>
    private sealed class CheckedGzipStream(FileStream raw, string path) : Stream
    {
        private readonly GZipStream _gzip = new(raw, CompressionMode.Decompress);
        private long _length;
        private bool _checked;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try { n = _gzip.Read(buffer); }
            catch (InvalidDataException e)
            {
                throw new CsvFormatException(path, 0, null, "valid gzip data", $"corrupt data after {_length:N0} decompressed bytes ({e.Message})", e);
            }
            _length += n;
            if (n == 0 && buffer.Length > 0 && !_checked) { _checked = true; CheckTrailer(); }
            return n;
        }

        private void CheckTrailer()
        {
            Span<byte> size = stackalloc byte[4];
            var fileLength = raw.Length;
            if (fileLength < 18 || RandomAccess.Read(raw.SafeFileHandle, size, fileLength - 4) != 4 || BinaryPrimitives.ReadUInt32LittleEndian(size) != (uint)_length)
                throw new CsvFormatException(path, 0, null, "a complete gzip stream",
                    $"a stream that ends early after {_length:N0} decompressed bytes (the file is truncated, or holds several concatenated gzip members)");
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => raw.Position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) { _gzip.Dispose(); raw.Dispose(); }
            base.Dispose(disposing);
        }
    }
}
