using ResearchKit.Models.Reinforcement.Sessions;
using ResearchKit.Models.Reinforcement.SlateQ;
using ResearchKit.Tests.Models.Deep;

namespace ResearchKit.Tests.Models.Reinforcement.SlateQ;

[Collection(TorchCollection.Name)]
public class SlateQModelTests
{
    private static readonly float[] Theta = [0.8f, -0.5f, 0.3f, -0.4f, 0.6f];
    private static readonly float[] Offsets = [-1.0f, -1.7f, -2.2f];

    // Impressions from a known model: clicks ~ σ(b_j + θ·x + c_i); bought = 0.2 + 0.1·x₀ + q_i + noise; future = 1 + 0.5·x₁ + noise.
    private static (SlateQExamples Examples, float[] ItemClick, float[] ItemValue) Planted(int n, int items, int seed)
    {
        var rng = new Random(seed);
        var f = SessionSignals.Count;
        var itemClick = Enumerable.Range(0, items).Select(i => (float)(0.6 * Math.Sin(i))).ToArray();
        var itemValue = Enumerable.Range(0, items).Select(i => (float)(0.1 * Math.Cos(i))).ToArray();
        var x = new float[n * f]; var item = new int[n]; var position = new int[n];
        var clicked = new float[n]; var bought = new float[n]; var future = new float[n];
        for (var e = 0; e < n; e++)
        {
            for (var q = 0; q < f; q++) x[(e * f) + q] = (float)Gaussian(rng);
            item[e] = rng.Next(items); position[e] = rng.Next(Offsets.Length);
            var logit = Offsets[position[e]] + itemClick[item[e]];
            for (var q = 0; q < f; q++) logit += Theta[q] * x[(e * f) + q];
            clicked[e] = rng.NextDouble() < 1 / (1 + Math.Exp(-logit)) ? 1 : 0;
            bought[e] = (float)(0.2 + (0.1 * x[e * f]) + itemValue[item[e]] + (0.05 * Gaussian(rng)));
            future[e] = (float)(1 + (0.5 * x[(e * f) + 1]) + (0.3 * Gaussian(rng)));
        }
        return (new SlateQExamples(x, item, position, clicked, bought, future), itemClick, itemValue);
    }

    private static double Gaussian(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void Fit_ImpressionsOfAKnownModel_RecoversItsCoefficientsAndValues()
    {
        const int items = 12;
        var (examples, itemClick, itemValue) = Planted(60_000, items, seed: 5);
        var model = SlateQModel.Fit(examples, items, Offsets.Length, new SlateQOptions { Gamma = 0.5f, ItemPrior = 0.1f, Steps = 600 });
        for (var q = 0; q < Theta.Length; q++) Assert.InRange(model.ClickWeights[q], Theta[q] - 0.05, Theta[q] + 0.05);
        // b_j and c_i share an intercept, so compare what is identified: click probabilities and position differences.
        for (var j = 1; j < Offsets.Length; j++)
            Assert.InRange(model.PositionOffsets[j] - model.PositionOffsets[0], Offsets[j] - Offsets[0] - 0.08, Offsets[j] - Offsets[0] + 0.08);
        Assert.InRange(model.FutureWeights[1], 0.45, 0.55);
        float[] x = [0.5f, -1f, 0.2f, 1f, -0.3f];
        for (var i = 0; i < items; i++)
        {
            var logit = Offsets[0] + itemClick[i];
            for (var q = 0; q < Theta.Length; q++) logit += Theta[q] * x[q];
            Assert.InRange(model.ClickProbability(x, i), (1 / (1 + MathF.Exp(-logit))) - 0.02, (1 / (1 + MathF.Exp(-logit))) + 0.02);
            var value = 0.2f + (0.1f * x[0]) + itemValue[i] + (0.5f * (1 + (0.5f * x[1])));
            Assert.InRange(model.Value(x, i), value - 0.03, value + 0.03);
        }
    }

    [Fact]
    public void Fit_ItemPrior_PullsARarelyShownItemTowardsTheOthers()
    {
        const int items = 12;
        var (examples, _, _) = Planted(20_000, items, seed: 6);
        // Item 11 appears three times, always clicked: without a prior it gets an extreme click term.
        var rare = new List<int>();
        for (var e = 0; e < examples.Count; e++) if (examples.Item[e] == 11) rare.Add(e);
        foreach (var e in rare.Skip(3)) examples.Item[e] = 0;
        foreach (var e in rare.Take(3)) examples.Clicked[e] = 1;
        var x = new float[SessionSignals.Count];
        double Lift(float prior)
        {
            var m = SlateQModel.Fit(examples, items, Offsets.Length, new SlateQOptions { ItemPrior = prior, Steps = 400 });
            return m.ClickProbability(x, 11) - m.ClickProbability(x, 1);
        }
        Assert.True(Lift(20) < Lift(0) - 0.1, "a stronger prior should shrink the rare item's click probability towards the rest");
    }

    [Fact]
    public void Fit_NoClicks_SaysTheValueModelHasNothingToLearn()
    {
        var (examples, _, _) = Planted(200, 4, seed: 1);
        Array.Clear(examples.Clicked);
        var e = Assert.Throws<ArgumentException>(() => SlateQModel.Fit(examples, 4, Offsets.Length));
        Assert.Contains("no logged click", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadOption_NamesIt()
    {
        Assert.Contains("Gamma", Assert.Throws<ArgumentException>(() => new SlateQOptions { Gamma = 1.5f }.Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("ItemPrior", Assert.Throws<ArgumentException>(() => new SlateQOptions { ItemPrior = -1 }.Validate()).Message, StringComparison.Ordinal);
        var (examples, _, _) = Planted(50, 4, seed: 2);
        Assert.Contains("position 2 is outside [0, 2)", Assert.Throws<ArgumentException>(() => SlateQModel.Fit(examples with { Position = [.. examples.Position.Select(_ => 2)] }, 4, 2)).Message, StringComparison.Ordinal);
    }
}
