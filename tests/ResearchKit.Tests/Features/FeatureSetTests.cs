using System.Globalization;
using System.Text.Encodings.Web;
using ResearchKit.Features;

namespace ResearchKit.Tests.Features;

public class FeatureSetTests
{
    private static FeatureSet Small() =>
        new(["a", "b<x>"], [1f, 2f, 3f, float.NaN, 5f, 6f], 3, new FeatureProvenance("Test", "tiny", "opts", []), ["u1", "u,2", "u3"]);

    [Fact]
    public void ColumnLookup_ByName_ReturnsValuesAndIndex()
    {
        var f = Small();
        Assert.Equal(1, f.ColumnIndex("b<x>"));
        Assert.Equal([1f, 3f, 5f], f.Column("a"));
        Assert.Equal(6f, f[2, "b<x>"]);
        var e = Assert.Throws<KeyNotFoundException>(() => f.ColumnIndex("zzz"));
        Assert.Contains("zzz", e.Message, StringComparison.Ordinal);
        Assert.Contains("a, b<x>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_DuplicateColumnsOrWrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => new FeatureSet(["a", "a"], new float[4], 2));
        Assert.Throws<ArgumentException>(() => new FeatureSet(["a", "b"], new float[5], 2));
    }

    [Fact]
    public void Describe_IgnoresMissing_PopulationStd()
    {
        var s = Small().Describe();
        Assert.Equal(3.0, s[0].Mean, 12);
        Assert.Equal(Math.Sqrt(8.0 / 3.0), s[0].Std, 12);
        Assert.Equal(0, s[0].Missing);
        Assert.Equal(4.0, s[1].Mean, 12);
        Assert.Equal(2.0, s[1].Std, 12);
        Assert.Equal(1, s[1].Missing);
        Assert.Equal(2.0, s[1].Min);
        Assert.Equal(6.0, s[1].Max);
    }

    [Fact]
    public void WriteCsv_QuotesIdsAndLeavesMissingEmpty()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        Small().WriteCsv(w);
        Assert.Equal("id,a,b<x>\nu1,1,2\n\"u,2\",3,\nu3,5,6\n", w.ToString());
    }

    [Fact]
    public void WriteTo_Html_HasShapeStatsEncodedNamesAndProvenance()
    {
        var w = new StringWriter(CultureInfo.InvariantCulture);
        Small().WriteTo(w, HtmlEncoder.Default);
        var html = w.ToString();
        Assert.Contains("3 rows × 2 columns", html, StringComparison.Ordinal);
        Assert.Contains("b&lt;x&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<x>", html, StringComparison.Ordinal);
        Assert.Contains("Test(tiny)", html, StringComparison.Ordinal);
        Assert.Contains("<td>1.633</td>", html, StringComparison.Ordinal); // std of column a
    }

    [Fact]
    public void SelectAndConcat_KeepValuesAndRecordSteps()
    {
        var f = Small();
        var sel = f.SelectColumns(["b<x>"]);
        Assert.Equal(["b<x>"], sel.Columns);
        Assert.Equal(6f, sel[2, 0]);
        var cat = sel.Concat(new FeatureSet(["c"], [7f, 8f, 9f], 3));
        Assert.Equal(["b<x>", "c"], cat.Columns);
        Assert.Equal(new[] { 2f, 7f, float.NaN, 8f, 6f, 9f }, cat.ToRowMajor());
        Assert.Equal(2, cat.Provenance.Steps.Count);
        Assert.Throws<ArgumentException>(() => f.Concat(new FeatureSet(["c"], [1f], 1)));
    }
}
