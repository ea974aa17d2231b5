using ResearchKit.Models;

namespace ResearchKit.Tests.Models;

public class TopKTests
{
    [Fact]
    public void Select_TiesBrokenByLowerItemId()
    {
        var r = TopK.Select([1f, 3f, 3f, 2f, 3f], 3);
        Assert.Equal([1, 2, 4], r.Items);
        Assert.Equal([3f, 3f, 3f], r.Scores);
    }

    [Fact]
    public void Select_MaskedAndNaN_NeverSelected()
    {
        var r = TopK.Select([float.NegativeInfinity, float.NaN, 0.5f], 3);
        Assert.Equal([2], r.Items);
    }

    [Fact]
    public void Select_MatchesFullSort_OnRandomScores()
    {
        var rng = new Random(1);
        for (var trial = 0; trial < 50; trial++)
        {
            var scores = new float[rng.Next(1, 300)];
            for (var i = 0; i < scores.Length; i++) scores[i] = rng.Next(0, 20); // many ties
            var k = rng.Next(1, 15);
            var expected = Enumerable.Range(0, scores.Length).OrderByDescending(i => scores[i]).ThenBy(i => i).Take(k).ToArray();
            Assert.Equal(expected, TopK.Select(scores, k).Items);
        }
    }
}
