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
        var state = new float[signals.StateLength];
        // Newest first: the last slate showed (A, B), the one before (A, empty).
        signals.Exposure([inA[0], inB, inA[1], -1], state);
        Assert.Equal(1.7f, state[0], 5);
        Assert.Equal(1f, state[1], 5);
        Assert.Equal(0f, state.Skip(2).Sum());
    }

    [Fact]
    public void AddClicks_TwoSlates_DecaysEarlierClicksAndLeavesExposureAlone()
    {
        var data = SessionTestShop.Shop.Dataset;
        var category = data.Items!.Category;
        var signals = new SessionSignals(data, SessionTestShop.Popularity(), slateSize: 2, exposureDecay: 0.5);
        var a = Enumerable.Range(0, data.ItemCount).Where(i => category[i] == 0).Take(3).ToArray();
        var b = Enumerable.Range(0, data.ItemCount).First(i => category[i] == 1);
        var state = new float[signals.StateLength];
        state[0] = 9;                                     // exposure half: untouched by clicks
        signals.AddClicks([a[0], b], [1, 1], state);      // clicks: A 1, B 1
        signals.AddClicks([a[1], a[2]], [1, 0], state);   // decay by 0.5, then A + 1
        var clicks = state.AsSpan(signals.Categories);
        Assert.Equal(1.5f, clicks[0], 5);
        Assert.Equal(0.5f, clicks[1], 5);
        Assert.Equal(9f, state[0]);
        var x = new float[SessionSignals.Count];
        signals.Write(0, a[0], state, x);
        Assert.Equal(1.5f, x[4], 5);
    }

    [Fact]
    public void Write_CandidateAndOutsider_ReadTheGeneratorsScoreOrOneBelowTheLast()
    {
        var data = SessionTestShop.Shop.Dataset;
        var candidates = SessionTestShop.Popularity(20);
        var signals = new SessionSignals(data, candidates, slateSize: 5);
        var list = candidates.Items(4).ToArray(); var z = candidates.Scores(4).ToArray();
        var outsider = Enumerable.Range(0, data.ItemCount).First(i => !list.Contains(i));
        var state = new float[signals.StateLength];
        state[data.Items!.Category[list[2]]] = 2.5f;
        var x = new float[SessionSignals.Count];
        signals.Write(4, list[2], state, x);
        Assert.Equal(z[2], x[0]);
        Assert.Equal(2.5f, x[3]);
        signals.Write(4, outsider, state, x);
        Assert.Equal(z[^1] - 1, x[0]);
    }
}
