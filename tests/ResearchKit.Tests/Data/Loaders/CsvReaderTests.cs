using ResearchKit.Data.Loaders;

namespace ResearchKit.Tests.Data.Loaders;

public class CsvReaderTests
{
    private static List<string[]> ReadAll(CsvReader csv)
    {
        var rows = new List<string[]>();
        while (csv.ReadRow())
        {
            var row = new string[csv.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = csv[i].ToString();
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public void ReadRow_QuotedFields_EscapesNewlinesAndCrLf()
    {
        using var dir = new TempDir();
        var path = dir.Write("q.csv", "id,title,genres\r\n1,\"Toy Story (1995)\",Comedy\r\n2,\"American President, The (1995)\",\"Drama|Romance\"\r\n\r\n3,\"Say \"\"Hi\"\"\",\"multi\nline\"\n4,,last");
        using var csv = new CsvReader(path);
        Assert.Equal(["id", "title", "genres"], csv.Header);
        var rows = ReadAll(csv);
        Assert.Equal(4, rows.Count);
        Assert.Equal(["2", "American President, The (1995)", "Drama|Romance"], rows[1]);
        Assert.Equal(["3", "Say \"Hi\"", "multi\nline"], rows[2]);
        Assert.Equal(["4", "", "last"], rows[3]);
    }

    [Fact]
    public void ReadRow_MultiCharSeparator_AndLineNumbers()
    {
        using var dir = new TempDir();
        var path = dir.Write("r.dat", "1::1193::5::978300760\n1::661::3::978302109\n\n2::3408::4::978300275\n");
        using var csv = new CsvReader(path, "::", '\0', hasHeader: false);
        var lines = new List<long>();
        var rows = new List<string[]>();
        while (csv.ReadRow()) { lines.Add(csv.Line); rows.Add([csv[0].ToString(), csv[1].ToString(), csv[3].ToString()]); }
        Assert.Equal([1L, 2, 4], lines);
        Assert.Equal(["2", "3408", "978300275"], rows[2]);
    }

    [Fact]
    public void ReadRow_RowsSpanningBufferRefills_AreIntact()
    {
        using var dir = new TempDir();
        var sb = new System.Text.StringBuilder("u,i,title\n");
        for (var r = 0; r < 60_000; r++) sb.Append(r).Append(',').Append(r * 7).Append(",\"t, ").Append(r).Append("\"\n");
        var path = dir.Write("big.csv", sb.ToString());
        using var csv = new CsvReader(path);
        var n = 0;
        while (csv.ReadRow())
        {
            Assert.Equal(n * 7L, csv.GetInt64(1));
            Assert.Equal($"t, {n}", csv[2].ToString());
            n++;
        }
        Assert.Equal(60_000, n);
    }

    [Fact]
    public void GetSingle_BadNumber_NamesFileLineAndColumn()
    {
        using var dir = new TempDir();
        var path = dir.Write("bad.csv", "user,item,rating\n1,2,4.5\n1,3,abc\n");
        using var csv = new CsvReader(path);
        csv.ReadRow();
        Assert.Equal(4.5f, csv.GetSingle(2));
        csv.ReadRow();
        var e = Assert.Throws<CsvFormatException>(() => csv.GetSingle(2));
        Assert.Equal(3, e.Line);
        Assert.Equal("rating", e.Column);
        Assert.Contains("bad.csv line 3, column 'rating': expected a number (finite, within float range ±3.4e38), got 'abc'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EmptyFile_And_InvalidUtf8_AreClearErrors()
    {
        using var dir = new TempDir();
        var empty = Assert.Throws<CsvFormatException>(() => new CsvReader(dir.Write("empty.csv", "")));
        Assert.Contains("empty file", empty.Message, StringComparison.Ordinal);
        var latin1 = dir.WriteBytes("l1.csv", [.. "user,item\n1,Caf"u8, 0xE9, .. "\n"u8]);
        var e = Assert.Throws<CsvFormatException>(() => { using var csv = new CsvReader(latin1); while (csv.ReadRow()) { } });
        Assert.Contains("utf-8", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("l1.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRow_UnterminatedQuote_IsLocatedError()
    {
        using var dir = new TempDir();
        var path = dir.Write("u.csv", "a,b\n1,\"open\n");
        using var csv = new CsvReader(path);
        var e = Assert.Throws<CsvFormatException>(() => csv.ReadRow());
        Assert.Contains("closing quote", e.Message, StringComparison.Ordinal);
    }
}
