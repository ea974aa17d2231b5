using System.IO.Compression;
using System.Text;

namespace ResearchKit.Tests.Reliability;

/// <summary>
/// Generates the bad-input corpus once per test class into a temporary folder: each file is one class of bad input
/// (or its good twin), named for what is wrong with it.
/// </summary>
public sealed class BadInputFiles : IDisposable
{
    public BadInputFiles()
    {
        Directory.CreateDirectory(Root);
        Good = Write("good.csv", Rows(40));
        var (gz, lineCut) = GzipWithCut(Encoding.UTF8.GetBytes(Rows(4000)), 2001);
        GoodGz = WriteBytes("good.csv.gz", gz);
        // Cut right after a sync flush that ends on a line boundary: the bytes decode to exactly 2,000 whole rows,
        // so only the missing trailer tells that the file is incomplete.
        TruncatedGz = WriteBytes("truncated.csv.gz", gz[..lineCut]);
        NoTrailerGz = WriteBytes("notrailer.csv.gz", gz[..^8]);
        var corrupt = (byte[])gz.Clone();
        corrupt[^6] ^= 0xFF;   // inside the CRC-32 trailer
        CorruptGz = WriteBytes("corrupt.csv.gz", corrupt);
        NotGz = Write("plain.csv.gz", Rows(5));
        var jsonl = new StringBuilder();
        for (var i = 0; i < 3000; i++) jsonl.Append($"{{\"user_id\":\"u{i % 50}\",\"parent_asin\":\"p{i % 70}\",\"rating\":{1 + i % 5},\"timestamp\":{1_600_000_000_000L + i}}}\n");
        var jgz = Gzip(Encoding.UTF8.GetBytes(jsonl.ToString()));
        TruncatedJsonGz = WriteBytes("reviews.jsonl.gz", jgz[..(jgz.Length * 2 / 3)]);
        // Invalid UTF-8 (a lone 0xE9, Latin-1 'é') on line 2501, well past the reader's first block.
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(Rows(2499)));
        bytes.AddRange(Encoding.UTF8.GetBytes("u9,caf"));
        bytes.Add(0xE9);
        bytes.AddRange(Encoding.UTF8.GetBytes(",3,978300760\nu1,i1,2,978300761\n"));
        Latin1Line2501 = WriteBytes("latin1.csv", [.. bytes]);
        UnterminatedQuote = Write("quote.csv", "user,item,rating,time\nu1,i1,3,978300760\nu2,\"i2,3,978300761\nu3,i3,4,978300762\n");
        LongLine = Write("longline.csv", "user,item,rating,time\nu1," + new string('x', 3 << 20) + ",3,978300760\nu2,i2,4,978300761\n");
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "rk-badinput-" + Guid.NewGuid().ToString("N"));
    public string Good { get; }
    public string GoodGz { get; }
    public string TruncatedGz { get; }
    public string NoTrailerGz { get; }
    public string CorruptGz { get; }
    public string NotGz { get; }
    public string TruncatedJsonGz { get; }
    public string Latin1Line2501 { get; }
    public string UnterminatedQuote { get; }
    public string LongLine { get; }

    /// <summary>A ratings CSV (header user,item,rating,time) of <paramref name="n"/> valid rows.</summary>
    public static string Rows(int n)
    {
        var sb = new StringBuilder("user,item,rating,time\n");
        for (var r = 0; r < n; r++) sb.Append($"u{r % 7},i{r % 11},{1 + r % 5},{978300760 + r}\n");
        return sb.ToString();
    }

    /// <summary>A CSV whose row <paramref name="line"/> (1-based, header = 1) has field <paramref name="column"/> (0-based) set to <paramref name="value"/>.</summary>
    public string WithField(string name, int line, int column, string value)
    {
        var lines = Rows(6).TrimEnd('\n').Split('\n');
        var cells = lines[line - 1].Split(',');
        cells[column] = value;
        lines[line - 1] = string.Join(',', cells);
        return Write(name, string.Join('\n', lines) + "\n");
    }

    /// <summary>Creates a FIFO (named pipe) in <paramref name="folder"/> with mkfifo; Unix only.</summary>
    public static string MakeFifo(string folder)
    {
        var fifo = Path.Combine(folder, $"fifo-{Guid.NewGuid():N}.csv");
        using var mk = System.Diagnostics.Process.Start("mkfifo", fifo);
        mk.WaitForExit();
        Assert.True(mk.ExitCode == 0, "mkfifo failed");
        return fifo;
    }

    public string Write(string name, string text) => WriteBytes(name, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(Root, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    // gzip of data with a sync flush after line `line` (1-based); returns the bytes and the compressed offset of the flush.
    private static (byte[] Bytes, int Cut) GzipWithCut(byte[] data, int line)
    {
        var at = 0;
        for (var seen = 0; seen < line; at++) if (data[at] == (byte)'\n') seen++;
        var ms = new MemoryStream();
        int cut;
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
        {
            gz.Write(data, 0, at);
            gz.Flush();
            cut = (int)ms.Length;
            gz.Write(data, at, data.Length - at);
        }
        return (ms.ToArray(), cut);
    }

    private static byte[] Gzip(byte[] data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { }
    }
}
