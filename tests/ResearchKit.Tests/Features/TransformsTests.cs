using ResearchKit.Features;
using ResearchKit.Features.Transforms;

namespace ResearchKit.Tests.Features;

public class TransformsTests
{
    // Column a: 1..5 with an outlier row; b: has a missing value; c: category codes.
    private static readonly FeatureSet Train = new(["a", "b", "c"],
    [
        1, 2, 0,
        2, float.NaN, 1,
        3, 4, 1,
        4, 6, 2,
        100, 8, 1,
    ], 5);

    private static readonly FeatureSet Test = new(["a", "b", "c"], [50, float.NaN, 7, -1, 3, 2], 2);

    private static void AssertRow(FeatureSet f, int row, params float[] expected)
    {
        var actual = f.Row(row);
        Assert.Equal(expected.Length, actual.Length);
        for (var c = 0; c < expected.Length; c++)
            Assert.True(float.IsNaN(expected[c]) ? float.IsNaN(actual[c]) : Math.Abs(expected[c] - actual[c]) < 1e-5,
                $"[{row},{f.Columns[c]}] = {actual[c]}, expected {expected[c]}");
    }

    [Fact]
    public void StandardScaler_UsesTrainMeanAndPopulationStd()
    {
        var s = new StandardScaler(["b"]);
        var t = s.FitTransform(Train);
        // b present: 2,4,6,8 → mean 5, σ = √5.
        AssertRow(t, 0, 1, (2 - 5) / MathF.Sqrt(5), 0);
        AssertRow(t, 1, 2, float.NaN, 1);
        AssertRow(s.Transform(Test), 1, -1, (3 - 5) / MathF.Sqrt(5), 2);
        Assert.Equal(5f, s.Means[0]);
    }

    [Fact]
    public void MinMaxScaler_MapsTrainRangeToUnit()
    {
        var t = new MinMaxScaler(["a"]).FitTransform(Train);
        AssertRow(t, 0, 0, 2, 0);
        AssertRow(t, 4, 1, 8, 1);
        AssertRow(t, 2, 2f / 99, 4, 1);
    }

    [Fact]
    public void Log1p_SignedLog()
    {
        var t = new Log1pTransformer(["a"]).Fit(Train).Transform(Test);
        AssertRow(t, 0, MathF.Log(51), float.NaN, 7);
        AssertRow(t, 1, -MathF.Log(2), 3, 2);
    }

    [Fact]
    public void QuantileClipper_ClampsToTrainQuantiles()
    {
        var clip = new QuantileClipper(0.25, 0.75, ["a"]);
        var t = clip.FitTransform(Train);
        // sorted a = 1,2,3,4,100: q25 = 2, q75 = 4.
        Assert.Equal((2f, 4f), clip.Bounds[0]);
        Assert.Equal([2f, 2f, 3f, 4f, 4f], t.Column("a"));
        Assert.Equal([4f, 2f], clip.Transform(Test).Column("a"));
    }

    [Fact]
    public void Imputer_MeanMedianConstant_WithIndicator()
    {
        var mean = new Imputer(ImputeStrategy.Mean).FitTransform(Train);
        Assert.Equal(["a", "b", "c", "missing:b"], mean.Columns);
        AssertRow(mean, 1, 2, 5, 1, 1);
        AssertRow(mean, 0, 1, 2, 0, 0);
        var median = new Imputer(ImputeStrategy.Median, addIndicator: false, columns: ["b"]).FitTransform(Train);
        Assert.Equal(["a", "b", "c"], median.Columns);
        AssertRow(median, 1, 2, 5, 1);
        var constant = new Imputer(ImputeStrategy.Constant, constant: -7).Fit(Train);
        AssertRow(constant.Transform(Test), 0, 50, -7, 7, 1);
    }

    [Fact]
    public void OneHotEncoder_TrainLevels_UnknownIsAllZero()
    {
        var enc = new OneHotEncoder(["c"]);
        var t = enc.FitTransform(Train);
        Assert.Equal(["a", "b", "c=0", "c=1", "c=2"], t.Columns);
        AssertRow(t, 3, 4, 6, 0, 0, 1);
        AssertRow(enc.Transform(Test), 0, 50, float.NaN, 0, 0, 0); // 7 never seen in training
        AssertRow(enc.Transform(Test), 1, -1, 3, 0, 0, 1);
    }

    [Fact]
    public void HashingEncoder_SameValueSameSignedBucket()
    {
        var enc = new HashingEncoder(["c"], 8);
        var t = enc.FitTransform(Train);
        Assert.Equal(["a", "b", "hash_0", "hash_1", "hash_2", "hash_3", "hash_4", "hash_5", "hash_6", "hash_7"], t.Columns);
        for (var r = 0; r < t.Rows; r++)
        {
            float abs = 0;
            for (var k = 2; k < 10; k++) abs += Math.Abs(t[r, k]);
            Assert.Equal(1f, abs);
        }
        Assert.Equal(t.Row(1)[2..].ToArray(), t.Row(2)[2..].ToArray()); // both c = 1
        Assert.Equal(t.Row(3)[2..].ToArray(), enc.Transform(Test).Row(1)[2..].ToArray()); // both c = 2
    }

    [Fact]
    public void VarianceThreshold_DropsConstantColumns()
    {
        var f = new FeatureSet(["x", "const", "y"], [1, 5, 0, 2, 5, 0, 3, 5, 1], 3);
        var sel = new VarianceThreshold();
        Assert.Equal(["x", "y"], sel.FitTransform(f).Columns);
        Assert.Equal(["x"], new VarianceThreshold(0.5).FitTransform(f).Columns); // var x = 2/3, var y = 2/9
    }

    [Fact]
    public void CorrelationSelector_KeepsMostCorrelated()
    {
        var f = new FeatureSet(["noise", "anti", "pos"], [1, 4, 1, 0, 3, 2, 0, 2, 2, 1, 1, 4], 4);
        float[] target = [1, 2, 3, 4];
        var sel = new CorrelationSelector(target, k: 2);
        var t = sel.FitTransform(f);
        Assert.Equal(["anti", "pos"], t.Columns);
        Assert.Equal(-1.0, sel.Correlations[1], 9);
        Assert.Equal(0.0, sel.Correlations[0], 9);
        Assert.Equal(4.5 / Math.Sqrt(4.75 * 5), sel.Correlations[2], 9);
        Assert.Equal(["pos"], new CorrelationSelector(target, minAbsCorrelation: 0.9).FitTransform(f.SelectColumns(["noise", "pos"])).Columns);
    }

    public static TheoryData<string> TransformerNames => new() { "standard", "minmax", "log1p", "clip", "impute", "onehot", "hashing", "variance", "correlation", "pipeline", "pca" };

    private static FeatureTransformer Make(string name) => name switch
    {
        "standard" => new StandardScaler(),
        "minmax" => new MinMaxScaler(),
        "log1p" => new Log1pTransformer(),
        "clip" => new QuantileClipper(),
        "impute" => new Imputer(ImputeStrategy.Median),
        "onehot" => new OneHotEncoder(["c"]),
        "hashing" => new HashingEncoder(["c"], 4),
        "variance" => new VarianceThreshold(),
        "correlation" => new CorrelationSelector([1, 2, 3, 4, 5], k: 2),
        "pipeline" => new FeaturePipeline(new Imputer(), new QuantileClipper(0.1, 0.9), new StandardScaler(), new OneHotEncoder(["c"])),
        "pca" => new FeaturePipeline(new Imputer(addIndicator: false), new ResearchKit.Features.Decomposition.Pca(2, seed: 3)),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(TransformerNames))]
    public void Transform_WholeSetEqualsRowByRow(string name)
    {
        var tr = Make(name).Fit(Train);
        var whole = tr.Transform(Train);
        var row = new float[tr.OutputColumns.Count];
        for (var r = 0; r < Train.Rows; r++)
        {
            tr.TransformRow(Train.Row(r), row);
            Assert.Equal(whole.Row(r).ToArray(), row);
        }
        Assert.Equal(tr.OutputColumns, whole.Columns);
        Assert.Contains(tr is FeaturePipeline p ? p.Steps[^1].Describe() : tr.Describe(), whole.Provenance.Steps);
    }

    [Fact]
    public void Transform_BeforeFitOrWrongColumns_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new StandardScaler().Transform(Train));
        var s = new StandardScaler().Fit(Train);
        var e = Assert.Throws<ArgumentException>(() => s.Transform(Train.SelectColumns(["b", "a", "c"])));
        Assert.Contains("'b'", e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => s.Fit(Train)); // fitted state is read-only
        Assert.Throws<KeyNotFoundException>(() => new MinMaxScaler(["nope"]).Fit(Train));
    }
}
