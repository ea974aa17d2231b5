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

public class AmazonMetadataLoaderTests
{
    private const string Reviews2018 =
        "{\"reviewerID\": \"U1\", \"asin\": \"B001\", \"overall\": 5.0, \"unixReviewTime\": 1252800000}\n" +
        "{\"reviewerID\": \"U2\", \"asin\": \"B002\", \"overall\": 4.0, \"unixReviewTime\": 1252800001}\n" +
        "{\"reviewerID\": \"U2\", \"asin\": \"B003\", \"overall\": 4.0, \"unixReviewTime\": 1252800002}\n";

    // The 2018 metadata layout: price as text, category path most general first, nested fields to skip.
    private const string Meta2018 =
        "{\"category\": [\"Electronics\", \"Computers & Accessories\", \"Cables\"], \"tech1\": \"\", \"description\": [\"A cable.\"], \"title\": \"USB Cable, 2 m\", \"also_buy\": [\"B002\"], \"brand\": \"Acme \", \"feature\": [], \"rank\": [\">#1 in Electronics\"], \"main_cat\": \"All Electronics\", \"price\": \"$1,299.50\", \"asin\": \"B001\", \"imageURL\": []}\n" +
        "{\"category\": [], \"title\": \"Charger\", \"brand\": \"\", \"main_cat\": \"Cell Phones\", \"price\": \"$5.00 - $9.00\", \"asin\": \"B002\"}\n" +
        "{\"category\": [\"Electronics\"], \"title\": \"Not reviewed\", \"price\": \"\", \"asin\": \"B999\"}\n";

    // The 2023 layout: parent_asin, store as the brand, numeric or null price, nested details.
    private const string Meta2023 =
        "{\"main_category\": \"All Beauty\", \"title\": \"Lip balm\", \"average_rating\": 4.2, \"features\": [], \"price\": null, \"images\": [{\"large\": \"x\"}], \"store\": \"Balmy\", \"categories\": [], \"details\": {\"Brand\": \"Balmy Inc\"}, \"parent_asin\": \"P1\"}\n" +
        "{\"main_category\": \"All Beauty\", \"title\": \"Soap\", \"price\": 3.5, \"store\": \"Suds\", \"categories\": [\"Beauty\", \"Bath\"], \"parent_asin\": \"P2\"}\n";

    [Fact]
    public void Load_2018MetadataNextToReviews_FillsCatalog()
    {
        using var dir = new TempDir();
        var reviews = dir.Write("Electronics_5.json", Reviews2018);
        dir.Write("meta_Electronics.json", Meta2018);
        var data = DataSpec.Load($"amazon:{reviews}");
        var items = data.Items!;
        var b1 = data.ItemIds.ToDense("B001"); var b2 = data.ItemIds.ToDense("B002"); var b3 = data.ItemIds.ToDense("B003");
        Assert.Equal("USB Cable, 2 m", items.Title[b1]);
        Assert.Equal("Acme", items.BrandNames.ToExternal(items.Brand[b1]));
        Assert.Equal(1299.5f, items.Price[b1]);
        Assert.Equal("Computers & Accessories", items.CategoryNames.ToExternal(items.Category[b1]));   // second level
        Assert.Equal(5f, items.Price[b2]);                                                              // lower end of a range
        Assert.Equal("Cell Phones", items.CategoryNames.ToExternal(items.Category[b2]));               // no path: main_cat
        Assert.Equal(-1, items.Brand[b2]);
        Assert.True(float.IsNaN(items.Price[b3]));                                                     // no metadata line
        Assert.Null(items.Title[b3]);
        Assert.Equal(1, data.Report!.Dropped["metadata lines for products without reviews"]);
    }

    [Fact]
    public void Load_2023MetadataByParameter_PrefersParentAsinAndStore()
    {
        using var dir = new TempDir();
        var reviews = dir.Write("beauty.jsonl", "{\"rating\": 5.0, \"parent_asin\": \"P1\", \"user_id\": \"U\", \"timestamp\": 1588687728923}\n{\"rating\": 3.0, \"asin\": \"X\", \"parent_asin\": \"P2\", \"user_id\": \"U\", \"timestamp\": 1588687728924}\n");
        var meta = dir.Write("products.jsonl", Meta2023);
        var data = DataSpec.Load($"amazon:{reviews}?meta={meta}");
        var items = data.Items!;
        var p1 = data.ItemIds.ToDense("P1"); var p2 = data.ItemIds.ToDense("P2");
        Assert.Equal("Balmy", items.BrandNames.ToExternal(items.Brand[p1]));
        Assert.True(float.IsNaN(items.Price[p1]));
        Assert.Equal("All Beauty", items.CategoryNames.ToExternal(items.Category[p1]));
        Assert.Equal(3.5f, items.Price[p2]);
        Assert.Equal("Bath", items.CategoryNames.ToExternal(items.Category[p2]));
        Assert.Null(DataSpec.Load($"amazon:{reviews}?meta=none").Items);
    }

    [Fact]
    public void Load_BadMetadataLine_NamesFileAndLine()
    {
        using var dir = new TempDir();
        var reviews = dir.Write("Books.json", Reviews2018);
        var meta = dir.Write("meta_Books.json", Meta2018 + "{'asin': 'B004', 'title': 'python literal'}\n");
        var e = Assert.Throws<CsvFormatException>(() => AmazonReviewsLoader.Load(reviews));
        Assert.Equal(meta, e.File);
        Assert.Equal(4, e.Line);
        Assert.Contains("valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindNextTo_NamingVariants()
    {
        using var dir = new TempDir();
        var reviews = dir.Write("Toys_and_Games.jsonl.gz", "");
        Assert.Null(AmazonMetadataLoader.FindNextTo(reviews));
        var meta = dir.Write("meta_Toys_and_Games.jsonl.gz", "");
        Assert.Equal(meta, AmazonMetadataLoader.FindNextTo(reviews));
        Assert.Null(AmazonMetadataLoader.FindNextTo(meta));
    }
}
