using ResearchKit.Data;
using ResearchKit.Data.Splitting;
using ResearchKit.Evaluation;

namespace ResearchKit.Tests.Reliability;

/// <summary>Results that could only evaluate to zero are errors, not empty datasets; --k is bounded by the catalogue.</summary>
public sealed class EmptyResultTests
{
    private static Dataset Log(string name, params (string User, string Item)[] rows)
    {
        var users = new IdMap(); var items = new IdMap();
        var b = new InteractionsBuilder();
        var t = 978300760L;
        foreach (var (u, i) in rows) b.Add(users.GetOrAdd(u), items.GetOrAdd(i), 1f, t++, EventKind.View);
        return new Dataset(name, b.Build(), users, items);
    }

    private static readonly (string, string)[] Small = [("a", "x"), ("a", "y"), ("b", "x"), ("b", "z"), ("c", "y"), ("c", "z")];

    [Fact]
    public void KCore_KeepsNothing_ErrorNamesK()
    {
        var e = Assert.Throws<InvalidOperationException>(() => KCore.Filter(Log("tiny", Small), 50, 50));
        Assert.Contains("(50, 50)-core of 'tiny' keeps nothing", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KCore_KeepsSomething_StillFilters()
    {
        var core = KCore.Filter(Log("tiny", Small), 2, 2);
        Assert.Equal(6, core.Interactions.Count);
    }

    [Fact]
    public void SplitSpec_EmptyTestSet_IsAnErrorNamingTheSplit()
    {
        var one = Log("one", ("a", "x"));
        var e = Assert.Throws<InvalidOperationException>(() => SplitSpec.Parse("stratified:0.75").Apply(one, 1));
        Assert.Contains("stratified:0.75", e.Message, StringComparison.Ordinal);
        Assert.Contains("test set empty", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Align_TestOfUnseenUsers_IsAnError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TrainTestAlignment.Align(Log("train", Small), Log("test", ("p", "x"), ("q", "y"))));
        Assert.Contains("No user of the test set 'test'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Align_TestEqualToTrain_IsAnError()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TrainTestAlignment.Align(Log("train", Small), Log("test", Small)));
        Assert.Contains("is also in the training set", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Align_TestWithOneNewPair_Aligns()
    {
        var (train, test) = TrainTestAlignment.Align(Log("train", Small), Log("test", ("a", "z"), ("p", "x")));
        Assert.Equal(2, test.Interactions.Count);
        Assert.Equal(4, train.UserCount);   // p is appended as a user without training rows
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(1_000_000)]
    public void EvaluationOptions_KOutsideOneToItems_ErrorNamesTheLimit(int k)
    {
        var e = Assert.Throws<ArgumentException>(() => new EvaluationOptions { K = k }.ValidateK(3));
        Assert.Contains(k == 0 ? "must be ≥ 1" : "between 1 and the number of items (3)", e.Message, StringComparison.Ordinal);
    }
}
