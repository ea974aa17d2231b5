using ResearchKit.Tensors;
using ResearchKit.Tensors.Modules;

namespace ResearchKit.Tests.Tensors;

public sealed class TensorArenaTests
{
    // One forward/backward of a small MLP with an MSE loss on fixed data; returns the loss and every parameter gradient.
    private static (float Loss, float[][] Grads) Step(Mlp mlp, Tensor x, Tensor target)
    {
        foreach (var p in mlp.Parameters()) p.ZeroGrad();
        var diff = mlp.Forward(x) - target;
        var loss = (diff * diff).Mean();
        loss.Backward();
        return (loss.Item(), mlp.Parameters().Select(p => (float[])p.Grad!.Clone()).ToArray());
    }

    private static (Mlp Mlp, Tensor X, Tensor Target) Problem()
    {
        var rng = new Random(3);
        var mlp = new Mlp([5, 8, 3], rng, Activation.Gelu);
        var x = new Tensor(Enumerable.Range(0, 40).Select(i => (float)Math.Sin(i)).ToArray(), [8, 5]);
        var target = new Tensor(Enumerable.Range(0, 24).Select(i => (float)Math.Cos(i)).ToArray(), [8, 3]);
        return (mlp, x, target);
    }

    [Fact]
    public void Step_SameGraphTwice_BitIdenticalToNoArena()
    {
        var (mlp, x, target) = Problem();
        var plain = Step(mlp, x, target);
        var arena = new TensorArena();
        for (var repeat = 0; repeat < 3; repeat++)   // later steps run on reused (dirty, then cleared) buffers
        {
            (float Loss, float[][] Grads) pooled;
            using (arena.Step()) pooled = Step(mlp, x, target);
            Assert.Equal(plain.Loss, pooled.Loss);
            for (var i = 0; i < plain.Grads.Length; i++) Assert.Equal(plain.Grads[i], pooled.Grads[i]);
        }
        Assert.True(arena.PooledBuffers > 0);
    }

    [Fact]
    public void Step_OutputsReuseBuffers_ParameterGradientsDoNot()
    {
        var (mlp, x, target) = Problem();
        var arena = new TensorArena();
        float[] first, second;
        using (arena.Step()) first = mlp.Forward(x).Data;
        using (arena.Step()) second = mlp.Forward(x).Data;
        using (arena.Step()) Step(mlp, x, target);
        var weightGrad = mlp.Parameters()[0].Grad;
        using (arena.Step()) Step(mlp, x, target);
        Assert.Same(first, second);                                   // the second step's output took the first's buffer
        Assert.Same(weightGrad, mlp.Parameters()[0].Grad);            // parameters keep their own gradient arrays
        var outside = mlp.Forward(x).Data;                            // no scope open: ordinary allocation
        Assert.NotSame(second, outside);
    }
}
