using ResearchKit.Tensors;

namespace ResearchKit.Tests.Tensors;

/// <summary>
/// Finite-difference gradient check: compares autograd's gradient of L = Σ wᵢ·outᵢ (random fixed w, so every
/// output contributes) with central differences (L(x+h) − L(x−h)) / 2h, the sums taken in float64.
/// </summary>
internal static class GradCheck
{
    public static Tensor Param(int seed, float low, float high, params int[] shape)
    {
        var rng = new Random(seed);
        var t = Tensor.Zeros(shape);
        for (var i = 0; i < t.Length; i++)
        {
            var v = low + (high - low) * rng.NextSingle();
            t.Data[i] = v;
        }
        t.RequiresGrad = true;
        return t;
    }

    public static Tensor Param(int seed, params int[] shape) => Param(seed, -1f, 1f, shape);

    public static void Check(Func<Tensor> forward, params Tensor[] inputs) => Check(forward, 1e-2f, 2e-2, inputs);

    public static void Check(Func<Tensor> forward, float h, double tolerance, params Tensor[] inputs)
    {
        var output = forward();
        var rng = new Random(99);
        var weights = new double[output.Length];
        for (var i = 0; i < weights.Length; i++) weights[i] = rng.NextDouble() * 2 - 1;
        var w = Tensor.From(weights.Select(x => (float)x).ToArray(), output.Shape);
        foreach (var x in inputs) x.ZeroGrad();
        (output * w).Sum().Backward();

        double Loss()
        {
            using var _ = Tensor.NoGrad();
            var o = forward();
            var s = 0.0;
            for (var i = 0; i < o.Length; i++) s += weights[i] * o.Data[i];
            return s;
        }

        foreach (var x in inputs)
        {
            var analytic = Dense(x);
            for (var i = 0; i < x.Length; i++)
            {
                var saved = x.Data[i];
                x.Data[i] = saved + h; var up = Loss();
                x.Data[i] = saved - h; var down = Loss();
                x.Data[i] = saved;
                var numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(analytic[i] - numeric) <= tolerance * (1 + Math.Abs(numeric)),
                    $"{x}: d/dx[{i}] autograd {analytic[i]:G6} vs finite difference {numeric:G6}");
            }
        }
    }

    /// <summary>The gradient as a dense array (a row-sparse gradient scattered into it).</summary>
    public static float[] Dense(Tensor x)
    {
        var g = x.Grad is null ? new float[x.Length] : (float[])x.Grad.Clone();
        if (x.SparseGrad is { } sparse)
            foreach (var (rows, values) in sparse.Parts)
                for (var r = 0; r < rows.Length; r++)
                    for (var j = 0; j < sparse.Width; j++) g[rows[r] * sparse.Width + j] += values[r * sparse.Width + j];
        return g;
    }
}
