namespace ResearchKit.Tensors.Optimizers;

/// <summary>
/// Stochastic gradient descent with optional momentum and L2 weight decay (PyTorch's <c>optim.SGD</c>):
/// g ← ∇ + λw; v ← μv + g; w ← w − η·v (v = g when μ = 0).
/// </summary>
public sealed class Sgd(IEnumerable<Tensor> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f)
    : Optimizer(parameters, learningRate)
{
    private readonly State _velocity = new(1);

    /// <inheritdoc />
    protected override void UpdateDense(Tensor parameter, float[] grad)
    {
        var w = parameter.Data;
        var v = momentum > 0 ? _velocity.For(parameter, w.Length)[0] : null;
        for (var i = 0; i < w.Length; i++) w[i] -= LearningRate * Velocity(v, i, grad[i] + weightDecay * w[i]);
    }

    /// <inheritdoc />
    protected override void UpdateRows(Tensor parameter, int[] rows, float[] grad, int width)
    {
        var w = parameter.Data;
        var v = momentum > 0 ? _velocity.For(parameter, w.Length)[0] : null;
        for (var r = 0; r < rows.Length; r++)
            for (int j = 0, at = rows[r] * width; j < width; j++, at++)
                w[at] -= LearningRate * Velocity(v, at, grad[r * width + j] + weightDecay * w[at]);
    }

    private float Velocity(float[]? v, int i, float g) => v is null ? g : v[i] = momentum * v[i] + g;

    /// <inheritdoc />
    protected override float[][]? StateBuffers(Tensor parameter) => _velocity.Find(parameter);

    /// <inheritdoc />
    protected override float[][] CreateStateBuffers(Tensor parameter, int length) => _velocity.For(parameter, length);
}
