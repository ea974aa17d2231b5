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
        var (c1, c2) = Corrections();
        for (var i = 0; i < w.Length; i++) Update(w, s[0], s[1], i, grad[i], c1, c2);
    }

    /// <inheritdoc />
    protected override void UpdateRows(Tensor parameter, int[] rows, float[] grad, int width)
    {
        var w = parameter.Data;
        var s = _moments.For(parameter, w.Length);
        var (c1, c2) = Corrections();
        for (var r = 0; r < rows.Length; r++)
            for (int j = 0, at = rows[r] * width; j < width; j++, at++) Update(w, s[0], s[1], at, grad[r * width + j], c1, c2);
    }

    private (float, float) Corrections() =>
        (1f / (1f - MathF.Pow(beta1, StepCount)), 1f / (1f - MathF.Pow(beta2, StepCount)));

    private void Update(float[] w, float[] m, float[] v, int i, float g, float c1, float c2)
    {
        if (!decoupled) g += weightDecay * w[i];
        m[i] = beta1 * m[i] + (1 - beta1) * g;
        v[i] = beta2 * v[i] + (1 - beta2) * g * g;
        var step = m[i] * c1 / (MathF.Sqrt(v[i] * c2) + epsilon);
        if (decoupled) step += weightDecay * w[i];
        w[i] -= LearningRate * step;
    }

    /// <inheritdoc />
    protected override float[][]? StateBuffers(Tensor parameter) => _moments.Find(parameter);

    /// <inheritdoc />
    protected override float[][] CreateStateBuffers(Tensor parameter, int length) => _moments.For(parameter, length);
}
