using System.Numerics;

namespace ResearchKit.Tensors.Optimizers;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) and AdamW (decoupled weight decay, Loshchilov &amp; Hutter 2019):
/// m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; w ← w − η(m̂/(√v̂ + ε) + λw) with bias-corrected m̂, v̂.
/// With <c>decoupled</c> false the decay is L2 (added to g) as in <c>optim.Adam</c>. Row-sparse gradients update
/// only the touched rows' moments (lazy Adam, like <c>optim.SparseAdam</c>).
/// </summary>
public sealed class Adam(IEnumerable<Tensor> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
    float epsilon = 1e-8f, float weightDecay = 0f, bool decoupled = true) : Optimizer(parameters, learningRate)
{
    private readonly State _moments = new(2);

    /// <inheritdoc />
    protected override void UpdateDense(Tensor parameter, float[] grad)
    {
        var w = parameter.Data;
        var s = _moments.For(parameter, w.Length);
        Update(w, s[0], s[1], grad);
    }

    /// <inheritdoc />
    protected override void UpdateRows(Tensor parameter, int[] rows, float[] grad, int width)
    {
        var w = parameter.Data;
        var s = _moments.For(parameter, w.Length);
        for (var r = 0; r < rows.Length; r++)
        {
            var at = rows[r] * width;
            Update(w.AsSpan(at, width), s[0].AsSpan(at, width), s[1].AsSpan(at, width), grad.AsSpan(r * width, width));
        }
    }

    /// <summary>The Adam update of one contiguous block (SIMD over <see cref="Vector{T}"/> lanes, scalar tail).</summary>
    private void Update(Span<float> w, Span<float> m, Span<float> v, ReadOnlySpan<float> g)
    {
        float c1 = 1f / (1f - MathF.Pow(beta1, StepCount)), c2 = 1f / (1f - MathF.Pow(beta2, StepCount));
        float lr = LearningRate, l2 = decoupled ? 0f : weightDecay, decay = decoupled ? weightDecay : 0f;
        var i = 0;
        for (; i <= w.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            var wi = new Vector<float>(w[i..]);
            var gi = new Vector<float>(g[i..]) + l2 * wi;
            var mi = beta1 * new Vector<float>(m[i..]) + (1 - beta1) * gi;
            var vi = beta2 * new Vector<float>(v[i..]) + (1 - beta2) * gi * gi;
            var step = mi * c1 / (Vector.SquareRoot(vi * c2) + new Vector<float>(epsilon)) + decay * wi;
            mi.CopyTo(m[i..]); vi.CopyTo(v[i..]);
            (wi - lr * step).CopyTo(w[i..]);
        }
        for (; i < w.Length; i++)
        {
            var gi = g[i] + l2 * w[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            w[i] -= lr * (m[i] * c1 / (MathF.Sqrt(v[i] * c2) + epsilon) + decay * w[i]);
        }
    }

    /// <inheritdoc />
    protected override float[][]? StateBuffers(Tensor parameter) => _moments.Find(parameter);

    /// <inheritdoc />
    protected override float[][] CreateStateBuffers(Tensor parameter, int length) => _moments.For(parameter, length);
}
