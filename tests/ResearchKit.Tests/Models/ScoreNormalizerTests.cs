using ResearchKit.Models;

namespace ResearchKit.Tests.Models;

public class ScoreNormalizerTests
{
    [Fact]
    public void Normalize_MinMax_MapsToUnitIntervalAndKeepsMask()
    {
        float[] s = [2f, float.NegativeInfinity, 4f, 3f];
        ScoreNormalizer.Normalize(s, ScoreNormalization.MinMax);
        Assert.Equal([0f, float.NegativeInfinity, 1f, 0.5f], s);
    }

    [Fact]
    public void Normalize_ZScore_GivesZeroMeanUnitVariance()
    {
        float[] s = [1f, 2f, 3f, 4f];
        ScoreNormalizer.Normalize(s, ScoreNormalization.ZScore);
        Assert.Equal(0.0, s.Average(), 6);
        Assert.Equal(1.0, Math.Sqrt(s.Average(x => x * x)), 5);
        Assert.Equal(-1.3416408f, s[0], 5);
    }

    [Fact]
    public void Normalize_Rank_TiesOrderedByItemId()
    {
        float[] s = [5f, 9f, 5f, float.NaN];
        ScoreNormalizer.Normalize(s, ScoreNormalization.Rank);
        Assert.Equal(1f, s[1]);
        Assert.Equal(1f - (1f / 3), s[0], 6);
        Assert.Equal(1f - (2f / 3), s[2], 6);
        Assert.True(float.IsNaN(s[3]));
    }
}
