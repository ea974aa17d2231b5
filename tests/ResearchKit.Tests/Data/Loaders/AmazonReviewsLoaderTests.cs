using System.IO.Compression;
using System.Text;
using ResearchKit.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Tests.Data.Loaders;

public class AmazonReviewsLoaderTests
{
    private const string Old =
        "{\"reviewerID\": \"A2SUAM1J3GNN3B\", \"asin\": \"0000013714\", \"reviewerName\": \"J. McDonald\", \"helpful\": [2, 3], \"reviewText\": \"I bought this for my husband.\", \"overall\": 5.0, \"summary\": \"Heavenly\", \"unixReviewTime\": 1252800000, \"reviewTime\": \"09 13, 2009\"}\n" +
        "{\"reviewerID\": \"A1B2\", \"asin\": \"0000013714\", \"overall\": 3.0, \"unixReviewTime\": 1252900000}\n";

    private const string New =
        "{\"rating\": 5.0, \"title\": \"Such a lovely scent\", \"text\": \"This spray is really nice.\", \"images\": [{\"url\": \"x\"}], \"asin\": \"B00YQ6X8EO\", \"parent_asin\": \"B00YQ6X8EO\", \"user_id\": \"AGKHLEW2SOWHNMFQIJGBECAF7INQ\", \"timestamp\": 1588687728923, \"helpful_vote\": 0, \"verified_purchase\": true}\r\n" +
        "\n" +
        "{\"rating\": 4.0, \"asin\": \"B081TJ8YS3\", \"parent_asin\": \"B081TJ8YS3P\", \"user_id\": \"AGKHLEW2SOWHNMFQIJGBECAF7INQ\", \"timestamp\": 1588615855070}\n";

    [Fact]
    public void Load_2014Format()
    {
        using var dir = new TempDir();
        var data = DataSpec.Load($"amazon:{dir.Write("Books_5.json", Old)}");
        Assert.Equal(2, data.Interactions.Count);
        Assert.Equal(["A2SUAM1J3GNN3B", "A1B2"], data.UserIds.Ids);
        Assert.Equal(3f, data.Interactions.Values[1]);
        Assert.Equal(1252800000L, data.Interactions.Timestamps[0]);
        Assert.Equal(EventKind.Rating, data.Interactions.Kinds[0]);
    }

    [Fact]
    public void Load_2023Format_Gzip_PrefersParentAsin_MillisecondsToSeconds()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Root, "All_Beauty.jsonl.gz");
        using (var gz = new GZipStream(File.Create(path), CompressionLevel.Fastest)) gz.Write(Encoding.UTF8.GetBytes(New));
        var data = AmazonReviewsLoader.Load(path);
        Assert.Equal(["B00YQ6X8EO", "B081TJ8YS3P"], data.ItemIds.Ids);
        Assert.Equal(1588687728L, data.Interactions.Timestamps[0]);
        Assert.Equal(1, data.UserCount);
        Assert.Equal(2, data.Report!.RowsRead);   // blank line ignored
    }

    [Fact]
    public void Load_BrokenJsonOrMissingField_NamesLine()
    {
        using var dir = new TempDir();
        var path = dir.Write("bad.json", Old + "{\"reviewerID\": \"X\", \"asin\": \"Y\"\n{\"reviewerID\": \"X\", \"asin\": \"Y\", \"unixReviewTime\": 1}\n");
        var e = Assert.Throws<CsvFormatException>(() => AmazonReviewsLoader.Load(path));
        Assert.Equal(3, e.Line);
        var skipped = AmazonReviewsLoader.Load(path, new DataLoadOptions { SkipBadRows = true });
        Assert.Equal(2, skipped.Report!.BadRowsSkipped);
        Assert.Contains("line 4, column 'rating/overall'", skipped.Report.FirstErrors[1], StringComparison.Ordinal);
    }
}
