using ResearchKit.Tensors;
using ResearchKit.Tensors.Modules;
using ResearchKit.Tensors.Optimizers;

namespace ResearchKit.Tests.Tensors;

public class TrainingTests
{
    /// <summary>Two interleaved classes on concentric rings: not linearly separable, so the hidden layer must learn.</summary>
    private static (float[] X, float[] Y) Rings(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n * 2]; var y = new float[n];
        for (var i = 0; i < n; i++)
        {
            y[i] = i % 2;
            var r = y[i] == 1 ? 1.0 : 0.4;
            var a = rng.NextDouble() * 2 * Math.PI;
            x[2 * i] = (float)(r * Math.Cos(a) + 0.05 * (rng.NextDouble() - 0.5));
            x[2 * i + 1] = (float)(r * Math.Sin(a) + 0.05 * (rng.NextDouble() - 0.5));
        }
        return (x, y);
    }

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    [InlineData("sgd")]
    public void Mlp_RingsClassification_LossFalls(string optimizer)
    {
        var (xs, ys) = Rings(256, 1);
        var model = new Mlp([2, 32, 1], new Random(7));
        Optimizer opt = optimizer switch
        {
            "adam" => new Adam(model.Parameters(), 0.02f, decoupled: false),
            "adamw" => new Adam(model.Parameters(), 0.02f, weightDecay: 1e-4f),
            _ => new Sgd(model.Parameters(), 0.5f, momentum: 0.9f),
        };
        var x = Tensor.From(xs, 256, 2);
        float first = 0, last = 0;
        for (var step = 0; step < 300; step++)
        {
            opt.ZeroGrad();
            var loss = Losses.BinaryCrossEntropyWithLogits(model.Forward(x), ys);
            loss.Backward();
            opt.Step();
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(first > 0.6f, $"start {first}");
        Assert.True(last < 0.15f, $"{optimizer}: loss {first} -> {last}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SparseEmbeddings_MatrixFactorisation_LossFallsAndUntouchedRowsStay(bool adagrad)
    {
        // Rank-2 planted matrix over 20 users × 15 items; row 19 of the user table is never used.
        var rng = new Random(3);
        var u = new float[20 * 2]; var v = new float[15 * 2];
        Init.Normal(u, 1f, rng); Init.Normal(v, 1f, rng);
        var users = new List<int>(); var items = new List<int>(); var target = new List<float>();
        for (var i = 0; i < 19; i++)
            for (var j = 0; j < 15; j++) { users.Add(i); items.Add(j); target.Add(u[2 * i] * v[2 * j] + u[2 * i + 1] * v[2 * j + 1]); }
        var userEmb = new Embedding(20, 4, new Random(1)); var itemEmb = new Embedding(15, 4, new Random(2));
        var untouched = userEmb.Weight.Data.AsSpan(19 * 4, 4).ToArray();
        var parameters = userEmb.Parameters().Concat(itemEmb.Parameters());
        Optimizer opt = adagrad ? new Adagrad(parameters, 0.3f) : new Adam(parameters, 0.05f);
        var t = Tensor.From(target.ToArray(), target.Count);
        float first = 0, last = 0;
        for (var step = 0; step < 200; step++)
        {
            opt.ZeroGrad();
            var pred = (userEmb.Forward([.. users]) * itemEmb.Forward([.. items])).Sum(1);
            var err = pred - t;
            var loss = (err * err).Mean();
            loss.Backward();
            opt.Step();
            if (step == 0) first = loss.Item();
            last = loss.Item();
        }
        Assert.True(last < 0.1f * first, $"loss {first} -> {last}");
        Assert.Equal(untouched, userEmb.Weight.Data.AsSpan(19 * 4, 4).ToArray());
    }

    [Fact]
    public void Module_NamedParameters_FollowPyTorchNaming()
    {
        var mlp = new Mlp([3, 4, 2], new Random(1));
        Assert.Equal(["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias"], mlp.NamedParameters().Select(p => p.Name));
        Assert.Equal(3 * 4 + 4 + 4 * 2 + 2, mlp.ParameterCount);
        Assert.Equal([4, 3], mlp.Layers[0].Weight.Shape);
    }

    [Fact]
    public void Mlp_SameSeed_SameOutputs_DropoutOnlyInTraining()
    {
        var a = new Mlp([3, 8, 2], new Random(5), dropout: 0.5f);
        var b = new Mlp([3, 8, 2], new Random(5), dropout: 0.5f);
        var x = Tensor.From([0.1f, 0.2f, 0.3f, -1f, 0.5f, 2f], 2, 3);
        a.Eval(); b.Eval();
        Assert.Equal(a.Forward(x).Data, b.Forward(x).Data);
        Assert.Equal(a.Forward(x).Data, a.Forward(x).Data);
        a.Train();
        Assert.NotEqual(a.Forward(x).Data, b.Forward(x).Data);
    }

    [Fact]
    public void LayerNorm_Output_HasZeroMeanUnitVariance()
    {
        var ln = new LayerNorm(6);
        var y = ln.Forward(Tensor.From([1f, 2, 3, 4, 5, 6, -3, 0, 3, 9, 1, 1], 2, 6));
        for (var r = 0; r < 2; r++)
        {
            var row = y.Data.AsSpan(r * 6, 6).ToArray();
            Assert.Equal(0, row.Average(), 5);
            Assert.Equal(1, row.Select(v => v * v).Average(), 3);
        }
    }
}
