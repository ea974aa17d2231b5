using Microsoft.Data.Analysis;
using ResearchKit.Data;
using ResearchKit.Data.Synthetic;

namespace ResearchKit.Tests.Data.Frames;

public class DataFramesTests
{
    [Fact]
    public void ToDataFrame_FromDataFrame_RoundTripsEveryColumnWithItsType()
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Users = 60, Items = 30, Seed = 5 }).Dataset;
        var frame = shop.ToDataFrame();
        Assert.Equal(["user", "item", "value", "timestamp", "kind"], frame.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(string), typeof(float), typeof(long), typeof(string)], frame.Columns.Select(c => c.DataType));
        var back = Dataset.FromDataFrame(frame, value: "value", time: "timestamp", kind: "kind");
        var a = shop.Interactions; var b = back.Interactions;
        Assert.Equal(a.Count, b.Count);
        for (var r = 0; r < a.Count; r++)
        {
            Assert.Equal(shop.UserIds.ToExternal(a.Users[r]), back.UserIds.ToExternal(b.Users[r]));
            Assert.Equal(shop.ItemIds.ToExternal(a.Items[r]), back.ItemIds.ToExternal(b.Items[r]));
            Assert.Equal(a.Values[r], b.Values[r]);
            Assert.Equal(a.Timestamps[r], b.Timestamps[r]);
            Assert.Equal(a.Kinds[r], b.Kinds[r]);
        }
    }

    [Fact]
    public void FromDataFrame_IntegerIdsAndDateTimes_IdsAsTextTimesAsUnixSeconds()
    {
        var frame = new DataFrame(
            new Int64DataFrameColumn("uid", new long[] { 7, 8 }),
            new Int32DataFrameColumn("sku", new[] { 100, 7 }),
            new DoubleDataFrameColumn("stars", new[] { 4.5, 2 }),
            new DateTimeDataFrameColumn("when", new[] { new DateTime(2020, 1, 1, 0, 0, 10), new DateTime(1970, 1, 2) }));
        var data = Dataset.FromDataFrame(frame, user: "uid", item: "sku", value: "stars", time: "when");
        Assert.Equal(["7", "8"], data.UserIds.Ids);
        Assert.Equal(["100", "7"], data.ItemIds.Ids);
        Assert.Equal([1_577_836_810L, 86_400L], data.Interactions.Timestamps.ToArray());
        Assert.Equal([EventKind.Rating, EventKind.Rating], data.Interactions.Kinds.ToArray());
    }

    [Fact]
    public void FromDataFrame_BadColumns_ErrorsNameTheColumnAndWhatWasExpected()
    {
        var frame = new DataFrame(
            new StringDataFrameColumn("user", new[] { "a", "b" }),
            new SingleDataFrameColumn("item", new[] { 1f, 2f }),
            new StringDataFrameColumn("note", new[] { "x", "y" }),
            new SingleDataFrameColumn("score", new float?[] { 1f, null }));
        var missing = Assert.Throws<ArgumentException>(() => Dataset.FromDataFrame(frame, item: "product"));
        Assert.Contains("no column 'product'", missing.Message, StringComparison.Ordinal);
        Assert.Contains("user, item, note, score", missing.Message, StringComparison.Ordinal);
        var floatIds = Assert.Throws<ArgumentException>(() => Dataset.FromDataFrame(frame));
        Assert.Contains("'item'", floatIds.Message, StringComparison.Ordinal);
        Assert.Contains("Single", floatIds.Message, StringComparison.Ordinal);
        Assert.Contains("dataTypes", floatIds.Message, StringComparison.Ordinal);
        var text = Assert.Throws<ArgumentException>(() => Dataset.FromDataFrame(frame, item: "note", value: "note"));
        Assert.Contains("must be numeric", text.Message, StringComparison.Ordinal);
        var nullValue = Assert.Throws<ArgumentException>(() => Dataset.FromDataFrame(frame, item: "note", value: "score"));
        Assert.Contains("row 1", nullValue.Message, StringComparison.Ordinal);
        var floatTime = Assert.Throws<ArgumentException>(() => Dataset.FromDataFrame(frame, item: "note", time: "score"));
        Assert.Contains("times must be", floatTime.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InteractionsToDataFrame_DenseIntIds()
    {
        var b = new InteractionsBuilder();
        b.Add(3, 1, 2f, 99, EventKind.Cart);
        var frame = b.Build().ToDataFrame();
        Assert.Equal(typeof(int), frame.Columns["user"].DataType);
        Assert.Equal(3, frame.Columns["user"][0]);
        Assert.Equal(99L, frame.Columns["timestamp"][0]);
        Assert.Equal("cart", frame.Columns["kind"][0]);
    }
}
