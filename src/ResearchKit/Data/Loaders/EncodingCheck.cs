using System.Text;

namespace ResearchKit.Data.Loaders;

/// <summary>
/// Finds the physical line holding the first bytes that are invalid in an encoding. Readers decode large blocks, so
/// when the decoder fails they only know the block; this second, error-path-only pass decodes the file line by line
/// (split at byte '\n', which is exact for every encoding in which '\n' is one byte: UTF-8, Latin-1, ASCII, code pages).
/// </summary>
internal static class EncodingCheck
{
    /// <summary>The 1-based line of the first invalid bytes, or null when the file decodes cleanly or '\n' is not one byte.</summary>
    public static long? FirstInvalidLine(string path, Encoding encoding)
    {
        if (encoding.GetByteCount("\n") != 1) return null;
        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        var decoder = strict.GetDecoder();
        var bytes = new byte[1 << 16];
        var chars = new char[strict.GetMaxCharCount(bytes.Length) + 4];
        long line = 1;
        using var stream = InputFile.OpenRead(path, "data", out _);
        int read;
        var preamble = true;
        while ((read = stream.Read(bytes, 0, bytes.Length)) > 0)
        {
            var span = bytes.AsSpan(0, read);
            if (preamble && span.StartsWith(strict.Preamble)) span = span[strict.Preamble.Length..];
            preamble = false;
            while (!span.IsEmpty)
            {
                var nl = span.IndexOf((byte)'\n');
                var segment = nl < 0 ? span : span[..(nl + 1)];
                try { decoder.GetChars(segment, chars, flush: nl >= 0); }
                catch (DecoderFallbackException) { return line; }
                if (nl < 0) break;
                line++;
                span = span[(nl + 1)..];
            }
        }
        try { decoder.GetChars([], chars, flush: true); }
        catch (DecoderFallbackException) { return line; }
        return null;
    }
}
