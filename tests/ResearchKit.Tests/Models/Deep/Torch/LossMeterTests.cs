using ResearchKit.Models.Deep;
using ResearchKit.Models.Deep.Torch;
using static TorchSharp.torch;

namespace ResearchKit.Tests.Models.Deep.Torch;

[Collection(ResearchKit.Tests.Models.Deep.TorchCollection.Name)]
public sealed class LossMeterTests
{
    [Fact]
    public void EndEpoch_LossesAcrossReadBacks_IsTheirMeanAndStartsAfreshEachEpoch()
    {
        TorchRuntime.EnsureLoaded();
        using var meter = new LossMeter(CPU, "m", 0.1f, every: 3);
        meter.Begin(1);
        foreach (var x in new[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f }) using (NewDisposeScope()) meter.Add(tensor(x));   // reads back after 3 and 6
        Assert.Equal(4.0, meter.EndEpoch(), 12);
        meter.Begin(2);
        using (NewDisposeScope()) meter.Add(tensor(0.5f));
        Assert.Equal(0.5, meter.EndEpoch(), 12);
    }

    [Fact]
    public void Add_NonFiniteLoss_ThrowsNamingModelEpochAndTheBatchesOfTheReadBack()
    {
        TorchRuntime.EnsureLoaded();
        using var meter = new LossMeter(CPU, "twotower", 1e30f, every: 4);
        meter.Begin(2);
        for (var b = 1; b <= 4; b++) using (NewDisposeScope()) meter.Add(tensor(1f));
        using (NewDisposeScope()) meter.Add(tensor(2f));
        using (NewDisposeScope()) meter.Add(tensor(float.NaN));
        var e = Assert.Throws<TrainingDivergedException>(() => meter.EndEpoch());
        Assert.Equal(("twotower", 2), (e.Model, e.Epoch));
        Assert.Contains("the loss of batches 5–6 is NaN", e.Message, StringComparison.Ordinal);
    }
}
