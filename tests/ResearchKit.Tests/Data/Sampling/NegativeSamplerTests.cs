using ResearchKit.Data;
using ResearchKit.Data.Sampling;

namespace ResearchKit.Tests.Data.Sampling;

public class NegativeSamplerTests
{
    private static CsrMatrix Matrix()
    {
        // user 0 likes items 0..7 of 10; user 1 likes item 0; user 2 likes everything.
        int[] rows = [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
        int[] cols = [0, 1, 2, 3, 4, 5, 6, 7, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        return CsrMatrix.FromCoordinates(3, 10, rows, cols, Enumerable.Repeat(1f, rows.Length).ToArray());
    }

    [Theory]
    [InlineData(NegativeSampling.Uniform)]
    [InlineData(NegativeSampling.Popularity)]
    public void Sample_NeverReturnsPositives_AndIsDeterministic(NegativeSampling mode)
    {
        var sampler = new NegativeSampler(Matrix(), mode);
        var a = new int[500]; var b = new int[500];
        sampler.Sample(0, a, seed: 4);
        sampler.Sample(0, b, seed: 4);
        Assert.Equal(a, b);
        Assert.All(a, i => Assert.InRange(i, 8, 9));
        Assert.Contains(8, a);
        Assert.Contains(9, a);
    }

    [Fact]
    public void Sample_Popularity_FavoursPopularItems()
    {
        // Item 1 has 50 users, items 2..9 one user each; user 0 likes item 0 only.
        var rows = new List<int> { 0 }; var cols = new List<int> { 0 };
        for (var u = 1; u <= 50; u++) { rows.Add(u); cols.Add(1); }
        for (var i = 2; i < 10; i++) { rows.Add(50 + i); cols.Add(i); }
        var m = CsrMatrix.FromCoordinates(60, 10, rows.ToArray(), cols.ToArray(), Enumerable.Repeat(1f, rows.Count).ToArray());
        var draws = new int[20_000];
        new NegativeSampler(m, NegativeSampling.Popularity, 1.0).Sample(0, draws, seed: 1);
        var share = draws.Count(i => i == 1) / (double)draws.Length;
        Assert.InRange(share, 51.0 / 67 - 0.02, 51.0 / 67 + 0.02);   // (50+1) / (51 + 8·2) with the +1 smoothing
        Assert.DoesNotContain(0, draws);
    }

    [Fact]
    public void Sample_UserWithEveryItem_Throws()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new NegativeSampler(Matrix()).Sample(2, new int[1], 1));
        Assert.Contains("all 10 items", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SampleBatch_MatchesPerEntryStreams()
    {
        var sampler = new NegativeSampler(Matrix());
        int[] users = [1, 1, 0];
        var batch = new int[3];
        sampler.SampleBatch(users, batch, seed: 9);
        var single = new int[1];
        sampler.Sample(1, single, 9, 1);
        Assert.Equal(single[0], batch[1]);
        Assert.NotEqual(0, batch[0]);
    }
}
