using ResearchKit.Data;

namespace ResearchKit.Tests.Data;

public class DataSpecTests
{
    [Fact]
    public void Parse_Synthetic_WithParameters()
    {
        var spec = DataSpec.Parse("synthetic:users=300,items=100,seed=5,cold=0.2");
        var o = spec.SyntheticOptions();
        Assert.Equal((300, 100, 5, 0.2), (o.Users, o.Items, o.Seed, o.ColdUserFraction));
        var data = spec.Load();
        Assert.Equal(300, data.UserCount);
        Assert.Equal("synthetic:users=300,items=100,seed=5,cold=0.2", spec.ToString());
    }

    [Fact]
    public void Parse_Csv_PathAndQuery()
    {
        var spec = DataSpec.Parse("csv:/data/x.csv?user=uid&item=iid&sep=tab");
        Assert.Equal("/data/x.csv", spec.Path);
        var c = spec.CsvColumns();
        Assert.Equal(("uid", "iid", "\t"), (c.User, c.Item, c.Separator));
    }

    [Theory]
    [InlineData("nosuch:/x", "Unknown data source 'nosuch'")]
    [InlineData("synthetic:users=abc", "must be an integer")]
    [InlineData("synthetic:colour=3", "Unknown synthetic parameter 'colour'")]
    [InlineData("synthetic:users=0", "Users")]
    [InlineData("csv:", "has no path")]
    [InlineData("csv:/x.csv?bogus=1", "Unknown csv parameter 'bogus'")]
    public void Load_BadSpec_SaysWhatIsWrong(string text, string expected)
    {
        var e = Assert.ThrowsAny<Exception>(() => DataSpec.Load(text));
        Assert.True(e is FormatException or ArgumentException);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
