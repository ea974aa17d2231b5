namespace ResearchKit.Tensors.Modules;

/// <summary>
/// Lookup table of <c>rows × dim</c> vectors, N(0, std²) initialised. With <c>sparse</c> (default) its gradient is
/// row-sparse, so optimizers touch only the rows in the batch (PyTorch's <c>nn.Embedding(sparse=True)</c>).
/// </summary>
public sealed class Embedding : Module
{
    /// <summary>Creates the table.</summary>
    public Embedding(int rows, int dim, Random rng, float std = 0.1f, bool sparse = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        Weight = Parameter("weight", new Tensor(new float[rows * dim], [rows, dim]) { SparseGradient = sparse });
        Init.Normal(Weight.Data, std, rng);
    }

    /// <summary>The table [rows, dim].</summary>
    public Tensor Weight { get; }

    /// <summary>Rows <paramref name="indices"/> → [indices, dim].</summary>
    public Tensor Forward(int[] indices) => Tensor.Gather(Weight, indices);
}
