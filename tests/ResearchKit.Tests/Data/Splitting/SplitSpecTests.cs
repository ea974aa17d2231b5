using ResearchKit.Data.Splitting;

namespace ResearchKit.Tests.Data.Splitting;

public class SplitSpecTests
{
    [Theory]
    [InlineData("stratified:0.75", SplitKind.Stratified, 0.75, 0)]
    [InlineData("stratified:0.7,0.1", SplitKind.Stratified, 0.7, 0.1)]
    [InlineData("random:0.8", SplitKind.Random, 0.8, 0)]
    [InlineData("temporal:0.8", SplitKind.Temporal, 0.8, 0)]
    [InlineData("leave-last:1", SplitKind.LeaveLast, 1, 0)]
    [InlineData("cold-users:0.1", SplitKind.ColdUsers, 0.1, 0)]
    public void Parse_ValidSpec_RoundTrips(string text, SplitKind kind, double value, double validation)
    {
        var spec = SplitSpec.Parse(text);
        Assert.Equal(new SplitSpec(kind, value, validation), spec);
        Assert.Equal(text, spec.ToString());
        Assert.Equal(spec, SplitSpec.Parse(spec.ToString()));
    }

    [Theory]
    [InlineData("stratified", "no ':'")]
    [InlineData("bogus:0.5", "Unknown split 'bogus'")]
    [InlineData("stratified:1.5", "train ratio must be in (0, 1)")]
    [InlineData("stratified:abc", "'abc' is not a number")]
    [InlineData("leave-last:0", "whole number")]
    [InlineData("leave-last:1.5", "whole number")]
    [InlineData("cold-users:1", "fraction must be in (0, 1)")]
    [InlineData("temporal:0.5,0.1", "takes 1 value")]
    [InlineData("stratified:0.8,0.3", "validation ratio")]
    public void Parse_BadSpec_SaysWhatIsWrong(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => SplitSpec.Parse(text));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_LeaveLast_UsesSplitter()
    {
        var split = SplitSpec.Parse("leave-last:1").Apply(SplitsTests.Fixture(), seed: 0);
        Assert.Equal(5, split.Test.Interactions.Count);
    }
}
