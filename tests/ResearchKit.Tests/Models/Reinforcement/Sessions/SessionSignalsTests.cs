using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Tests.Models.Reinforcement.Sessions;

public class SessionSignalsTests
{
    [Fact]
    public void Exposure_RecentItems_DecayPerSlateNotPerItem()
    {
        var data = SessionTestShop.Shop.Dataset;
        var category = data.Items!.Category;
        var signals = new SessionSignals(data, SessionTestShop.Popularity(), slateSize: 2, exposureDecay: 0.7);
        var inA = Enumerable.Range(0, data.ItemCount).Where(i => category[i] == 0).Take(2).ToArray();
        var inB = Enumerable.Range(0, data.ItemCount).First(i => category[i] == 1);
        var exposure = new float[signals.Categories];
        // Newest first: the last slate showed (A, B), the one before (A, empty).
        signals.Exposure([inA[0], inB, inA[1], -1], exposure);
        Assert.Equal(1.7f, exposure[0], 5);
        Assert.Equal(1f, exposure[1], 5);
        Assert.Equal(0f, exposure.Skip(2).Sum());
    }

    [Fact]
    public void Write_CandidateAndOutsider_ReadTheGeneratorsScoreOrOneBelowTheLast()
    {
        var data = SessionTestShop.Shop.Dataset;
        var candidates = SessionTestShop.Popularity(20);
        var signals = new SessionSignals(data, candidates, slateSize: 5);
        var list = candidates.Items(4).ToArray(); var z = candidates.Scores(4).ToArray();
        var outsider = Enumerable.Range(0, data.ItemCount).First(i => !list.Contains(i));
        var exposure = new float[signals.Categories];
        exposure[data.Items!.Category[list[2]]] = 2.5f;
        var x = new float[SessionSignals.Count];
        signals.Write(4, list[2], exposure, x);
        Assert.Equal(z[2], x[0]);
        Assert.Equal(2.5f, x[3]);
        signals.Write(4, outsider, exposure, x);
        Assert.Equal(z[^1] - 1, x[0]);
    }
}
