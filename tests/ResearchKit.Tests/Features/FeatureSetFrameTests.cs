using ResearchKit.Features;

namespace ResearchKit.Tests.Features;

public class FeatureSetFrameTests
{
    [Fact]
    public void ToDataFrame_IdColumnThenFloatFeaturesMissingAsNull()
    {
        var set = new FeatureSet(["a", "b"], [1f, 2f, 3f, float.NaN], 2, new FeatureProvenance("Test", "tiny", "opts", []), ["u1", "u2"]);
        var frame = set.ToDataFrame();
        Assert.Equal(["id", "a", "b"], frame.Columns.Select(c => c.Name));
        Assert.Equal([typeof(string), typeof(float), typeof(float)], frame.Columns.Select(c => c.DataType));
        Assert.Equal("u2", frame.Columns["id"][1]);
        Assert.Equal(3f, frame.Columns["a"][1]);
        Assert.Null(frame.Columns["b"][1]);
        Assert.Equal(1, frame.Columns["b"].NullCount);
        var unnamed = new FeatureSet(["a"], [5f], 1).ToDataFrame();
        Assert.Equal("0", unnamed.Columns["id"][0]);
    }
}
