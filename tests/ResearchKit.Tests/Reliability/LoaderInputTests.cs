using ResearchKit.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Tests.Reliability;

/// <summary>Bad values, times, compression, encodings, quotes and line lengths through the loaders (in process).</summary>
public sealed class LoaderInputTests(BadInputFiles files) : IClassFixture<BadInputFiles>
{
    private static readonly CsvColumns Ratings = new() { Value = "rating", Time = "time" };

    [Theory]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    [InlineData("1e39")]
    [InlineData("1e309")]
    public void CsvLoader_NonFiniteOrOutOfRangeRating_ErrorNamesFileLineAndColumn(string value)
    {
        var path = files.WithField($"value-{value}.csv", 4, 2, value);
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(path, Ratings));
        Assert.Equal(path, e.File);
        Assert.Equal(4, e.Line);
        Assert.Equal("rating", e.Column);
        Assert.Contains("a number (finite, within float range", e.Message, StringComparison.Ordinal);
        Assert.Contains(value, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1e30")]
    [InlineData("-5")]
    [InlineData("99999999999")]        // seconds (< 10^11) past 2100
    [InlineData("5000000000000000")]   // milliseconds past 2100
    [InlineData("1800-01-01")]
    [InlineData("soon")]
    public void CsvLoader_TimeOutsideRange_ErrorNamesFileLineAndColumn(string value)
    {
        var path = files.WithField($"time-{value}.csv", 3, 3, value);
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(path, Ratings));
        Assert.Equal(3, e.Line);
        Assert.Equal("time", e.Column);
        Assert.Contains("1970..2100", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("978300760", 978300760L)]
    [InlineData("1433221332117", 1433221332L)]     // milliseconds
    [InlineData("2010-12-01 08:26:00", 1291191960L)]
    [InlineData("4102444800", 4102444800L)]         // 2100-01-01, the upper end
    public void TimeParsing_InRange_GivesUnixSeconds(string text, long expected)
    {
        Assert.True(TimeParsing.TryToUnixSeconds(text, out var seconds));
        Assert.Equal(expected, seconds);
    }

    [Fact]
    public void MovieLensLoader_TimestampOutOfRange_ErrorNamesUdataLineAndField()
    {
        var dir = Path.Combine(files.Root, "ml-bad-time");
        var path = files.Write(Path.Combine("ml-bad-time", "u.data"), "1\t10\t4\t881250949\n2\t20\t3\t1e30\n");
        var e = Assert.Throws<CsvFormatException>(() => MovieLensLoader.Load(dir));
        Assert.Equal(path, e.File);
        Assert.Equal(2, e.Line);
        Assert.Equal("timestamp", e.Column);
    }

    [Theory]
    [InlineData("{\"user_id\":\"a\",\"parent_asin\":\"p\",\"rating\":1e39,\"timestamp\":1600000000000}", "rating")]
    [InlineData("{\"user_id\":\"a\",\"parent_asin\":\"p\",\"rating\":4,\"timestamp\":1e30}", "timestamp")]
    public void AmazonReviewsLoader_OutOfRangeNumber_ErrorNamesLineAndField(string badLine, string field)
    {
        var path = files.Write($"amazon-{field}.jsonl", "{\"user_id\":\"a\",\"parent_asin\":\"p\",\"rating\":5,\"timestamp\":1600000000000}\n" + badLine + "\n");
        var e = Assert.Throws<CsvFormatException>(() => AmazonReviewsLoader.Load(path, metadataPath: null));
        Assert.Equal(2, e.Line);
        Assert.Equal(field, e.Column);
    }

    [Fact]
    public void CsvLoader_GoodGzip_LoadsEveryRow()
    {
        var data = CsvLoader.Load(files.GoodGz, Ratings);
        Assert.Equal(4000, data.Interactions.Count);
        Assert.Equal(4000, data.Report!.RowsLoaded);
    }

    [Theory]
    [InlineData("truncated.csv.gz", "ends early")]
    [InlineData("notrailer.csv.gz", "ends early")]
    [InlineData("corrupt.csv.gz", "valid gzip data")]
    [InlineData("plain.csv.gz", "gzip data (the name ends in .gz)")]
    public void CsvLoader_BadGzip_ErrorNamesFileInsteadOfPartialRows(string name, string expected)
    {
        var path = Path.Combine(files.Root, name);
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(path, Ratings));
        Assert.Equal(path, e.File);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AmazonReviewsLoader_TruncatedGzip_IsAnError()
    {
        var e = Assert.Throws<CsvFormatException>(() => AmazonReviewsLoader.Load(files.TruncatedJsonGz, metadataPath: null));
        Assert.Contains("ends early", e.Message, StringComparison.Ordinal);
        Assert.Contains("reviews.jsonl.gz", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CsvLoader_Fifo_IsRefusedWithoutBlocking()
    {
        if (OperatingSystem.IsWindows()) return;   // no FIFOs
        var fifo = BadInputFiles.MakeFifo(files.Root);
        var load = Task.Run(() => CsvLoader.Load(fifo, Ratings));
        Assert.True(await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20))) == load, "loading a FIFO blocked");
        var e = await Assert.ThrowsAsync<IOException>(() => load);
        Assert.Contains("not a regular file", e.Message, StringComparison.Ordinal);
        Assert.Contains(fifo, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvLoader_InvalidUtf8DeepInFile_ReportsItsLineWithoutMentioningMovieLens()
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(files.Latin1Line2501, Ratings));
        Assert.Equal(2501, e.Line);
        Assert.Contains("utf-8", e.Message, StringComparison.Ordinal);
        Assert.Contains("encoding=", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("MovieLens", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataSpec_CsvEncodingLatin1_DecodesTheLatin1Bytes()
    {
        var data = DataSpec.Load($"csv:{files.Latin1Line2501}?value=rating&time=time&encoding=latin1");
        Assert.Equal(2501, data.Interactions.Count);
        Assert.True(data.ItemIds.TryGetDense("café", out _));
    }

    [Fact]
    public void DataSpec_UnknownEncoding_IsAFormatErrorNamingIt()
    {
        var e = Assert.Throws<FormatException>(() => DataSpec.Load($"csv:{files.Good}?encoding=klingon"));
        Assert.Contains("unknown encoding 'klingon'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvLoader_UnterminatedQuote_ReportedAtTheLineWhereTheFieldStarts()
    {
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(files.UnterminatedQuote, Ratings));
        Assert.Equal(3, e.Line);
        Assert.Equal("2", e.Column);
        Assert.Contains("closing quote", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvLoader_LineOverLimit_IsAnErrorAndStaysSmallInMemory()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(files.LongLine, Ratings));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2, e.Line);
        Assert.Contains("line-length limit", e.Message, StringComparison.Ordinal);
        Assert.True(allocated < 32L << 20, $"allocated {allocated:N0} bytes for a 3 MB line");
    }

    [Fact]
    public void CsvLoader_LineUnderRaisedLimit_Loads()
    {
        var data = CsvLoader.Load(files.LongLine, Ratings, new DataLoadOptions { MaxLineLength = 8 << 20 });
        Assert.Equal(2, data.Interactions.Count);
    }

    [Fact]
    public void AmazonReviewsLoader_LineOverLimit_ErrorNamesLine()
    {
        var path = files.Write("long.jsonl", "{\"user_id\":\"a\",\"parent_asin\":\"p\",\"rating\":5}\n{\"user_id\":\"" + new string('b', 4096) + "\"}\n");
        var e = Assert.Throws<CsvFormatException>(() => AmazonReviewsLoader.Load(path, new DataLoadOptions { MaxLineLength = 1024 }, metadataPath: null));
        Assert.Equal(2, e.Line);
        Assert.Contains("at most 1,024 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataLoadOptions_TinyLineLimit_IsRejected()
    {
        var e = Assert.Throws<ArgumentException>(() => CsvLoader.Load(files.Good, Ratings, new DataLoadOptions { MaxLineLength = 3 }));
        Assert.Contains("MaxLineLength must be ≥ 16, got 3", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CsvLoader_RowOverCustomLimitInsideOneBuffer_ErrorNamesLine()
    {
        var path = files.Write("row200.csv", "user,item,rating,time\nu1,i1,3,978300760\nu2," + new string('y', 200) + ",4,978300761\n");
        var e = Assert.Throws<CsvFormatException>(() => CsvLoader.Load(path, Ratings, new DataLoadOptions { MaxLineLength = 100 }));
        Assert.Equal(3, e.Line);
        Assert.Contains("at most 100 characters", e.Message, StringComparison.Ordinal);
    }
}
