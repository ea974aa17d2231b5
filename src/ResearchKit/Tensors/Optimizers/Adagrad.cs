namespace ResearchKit.Tensors.Optimizers;

/// <summary>
/// Adagrad (Duchi et al. 2011): G ← G + g²; w ← w − η·g/(√G + ε). With <c>rowWise</c> (the default for embedding
/// tables in large recommenders, e.g. TorchRec's row-wise Adagrad) a 2-D parameter keeps one accumulator per row,
/// G_r ← G_r + mean_j g_rj², which needs 1/dim of the memory and works well for sparse rows.
/// </summary>
public sealed class Adagrad(IEnumerable<Tensor> parameters, float learningRate = 0.05f, float epsilon = 1e-10f,
    bool rowWise = true) : Optimizer(parameters, learningRate)
{
    private readonly State _accumulators = new(1);

    /// <inheritdoc />
    protected override void UpdateDense(Tensor parameter, float[] grad)
    {
        var w = parameter.Data;
        if (rowWise && parameter.Rank == 2)
        {
            var rows = new int[parameter.Shape[0]];
            for (var r = 0; r < rows.Length; r++) rows[r] = r;
            UpdateRows(parameter, rows, grad, parameter.Shape[1]);
            return;
        }
        var g2 = Accumulator(parameter, w.Length);
        for (var i = 0; i < w.Length; i++)
        {
            g2[i] += grad[i] * grad[i];
            w[i] -= LearningRate * grad[i] / (MathF.Sqrt(g2[i]) + epsilon);
        }
    }

    /// <inheritdoc />
    protected override void UpdateRows(Tensor parameter, int[] rows, float[] grad, int width)
    {
        var w = parameter.Data;
        var perRow = rowWise;
        var g2 = Accumulator(parameter, perRow ? parameter.Shape[0] : w.Length);
        for (var r = 0; r < rows.Length; r++)
        {
            var g = grad.AsSpan(r * width, width);
            var at = rows[r] * width;
            if (perRow)
            {
                g2[rows[r]] += System.Numerics.Tensors.TensorPrimitives.SumOfSquares(g) / width;
                var scale = LearningRate / (MathF.Sqrt(g2[rows[r]]) + epsilon);
                for (var j = 0; j < width; j++) w[at + j] -= scale * g[j];
            }
            else
                for (var j = 0; j < width; j++)
                {
                    g2[at + j] += g[j] * g[j];
                    w[at + j] -= LearningRate * g[j] / (MathF.Sqrt(g2[at + j]) + epsilon);
                }
        }
    }

    private float[] Accumulator(Tensor p, int length) => _accumulators.For(p, length)[0];

    /// <inheritdoc />
    protected override float[][]? StateBuffers(Tensor parameter) => _accumulators.Find(parameter);

    /// <inheritdoc />
    protected override float[][] CreateStateBuffers(Tensor parameter, int length) => _accumulators.For(parameter, length);
}
