using ResearchKit.Serialization;
using ResearchKit.Tensors;
using ResearchKit.Tensors.Modules;
using ResearchKit.Tensors.Optimizers;

namespace ResearchKit.Tests.Tensors;

public class CheckpointTests
{
    private static (Mlp Model, Adam Opt) TrainedSteps(int steps, Mlp? model = null, Adam? opt = null)
    {
        model ??= new Mlp([3, 5, 1], new Random(1));
        opt ??= new Adam(model.Parameters(), 0.01f);
        var x = Tensor.From([0.1f, 0.5f, -0.3f, 1f, -1f, 0.2f], 2, 3);
        for (var s = 0; s < steps; s++)
        {
            opt.ZeroGrad();
            Losses.BinaryCrossEntropyWithLogits(model.Forward(x), [1f, 0f]).Backward();
            opt.Step();
        }
        return (model, opt);
    }

    [Fact]
    public void SaveLoad_RoundTrip_RestoresParametersAndMetadata()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rk-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (model, _) = TrainedSteps(3);
            Checkpoint.Save(model, path, new Dictionary<string, string> { ["epoch"] = "3" });
            var fresh = new Mlp([3, 5, 1], new Random(99));
            var meta = Checkpoint.Load(fresh, path);
            Assert.Equal("3", meta["epoch"]);
            foreach (var ((_, a), (_, b)) in model.NamedParameters().Zip(fresh.NamedParameters())) Assert.Equal(a.Data, b.Data);
            // The file is plain safetensors: header length then JSON naming the PyTorch-style keys.
            var file = SafeTensorsFile.Load(path);
            Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"], file.Names);
            Assert.Equal([5, 3], file.Get("layers.0.weight").Shape);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void SaveLoad_WithOptimizer_ResumesBitIdentically()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rk-{Guid.NewGuid():N}.safetensors");
        try
        {
            var (straight, _) = TrainedSteps(6);
            var (half, opt) = TrainedSteps(3);
            Checkpoint.Save(half, path, optimizer: opt);
            var resumed = new Mlp([3, 5, 1], new Random(42));
            var resumedOpt = new Adam(resumed.Parameters(), 0.01f);
            Checkpoint.Load(resumed, path, resumedOpt);
            Assert.Equal(3, resumedOpt.StepCount);
            TrainedSteps(3, resumed, resumedOpt);
            foreach (var ((_, a), (_, b)) in straight.NamedParameters().Zip(resumed.NamedParameters())) Assert.Equal(a.Data, b.Data);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Load_ShapeMismatch_ThrowsNamingParameter()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rk-{Guid.NewGuid():N}.safetensors");
        try
        {
            Checkpoint.Save(new Mlp([3, 5, 1], new Random(1)), path);
            var ex = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(new Mlp([3, 4, 1], new Random(1)), path));
            Assert.Contains("layers.0.weight", ex.Message);
        }
        finally { File.Delete(path); }
    }
}
