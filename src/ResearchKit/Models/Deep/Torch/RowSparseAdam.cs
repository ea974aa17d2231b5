using static TorchSharp.torch;

namespace ResearchKit.Models.Deep.Torch;

/// <summary>
/// Lazy ("sparse") Adam for embedding tables, as PyTorch's <c>optim.SparseAdam</c> (which TorchSharp does not have):
/// only the rows a batch touched get m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², w ← w − η·m̂/(√v̂ + ε), bias-corrected
/// with the optimizer's step count. Untouched rows keep their weights and moments, so a step costs O(rows touched)
/// instead of O(table) — with dense Adam, a 50,000-row table would be rewritten every batch.
/// </summary>
internal sealed class RowSparseAdam(double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly List<(Tensor Table, Tensor M, Tensor V)> _tables = [];

    /// <summary>η; the training loop sets it per step from the schedule.</summary>
    public double LearningRate { get; set; } = learningRate;

    /// <summary>Steps taken (bias correction uses it).</summary>
    public long StepCount { get; private set; }

    /// <summary>Adds <paramref name="table"/> (rows, dim) and zero moments on its device; returns its index for <see cref="Update"/>.</summary>
    public int Add(Tensor table)
    {
        _tables.Add((table, zeros_like(table), zeros_like(table)));
        return _tables.Count - 1;
    }

    /// <summary>Counts one optimizer step; call once per batch before its <see cref="Update"/>s.</summary>
    public void Advance() => StepCount++;

    /// <summary>Applies the gradient <paramref name="grad"/> (u, dim) of the distinct rows <paramref name="rows"/> (u, int64) of table <paramref name="index"/>.</summary>
    public void Update(int index, Tensor rows, Tensor grad)
    {
        var (table, mTable, vTable) = _tables[index];
        double c1 = 1 - Math.Pow(beta1, StepCount), c2 = 1 - Math.Pow(beta2, StepCount);
        using var _ = no_grad();
        var m = mTable.index_select(0, rows).mul_(beta1).add_(grad, alpha: 1 - beta1);           // (u, dim)
        var v = vTable.index_select(0, rows).mul_(beta2).addcmul_(grad, grad, value: 1 - beta2); // (u, dim)
        var denom = v.sqrt().div_(Math.Sqrt(c2)).add_(epsilon);                                 // (u, dim)
        var w = table.index_select(0, rows).addcdiv_(m, denom, value: -LearningRate / c1);       // (u, dim)
        table.index_copy_(0, rows, w);
        mTable.index_copy_(0, rows, m);
        vTable.index_copy_(0, rows, v);
    }

    /// <summary>Writes the step count and every table's moments (the tables themselves belong to their module).</summary>
    public void Save(BinaryWriter writer)
    {
        writer.Write(StepCount);
        foreach (var (_, m, v) in _tables) { TensorIO.Write(writer, m); TensorIO.Write(writer, v); }
    }

    /// <summary>Reads what <see cref="Save"/> wrote, into the moments of the same tables.</summary>
    public void Load(BinaryReader reader)
    {
        StepCount = reader.ReadInt64();
        foreach (var (_, m, v) in _tables) { TensorIO.ReadInto(reader, m); TensorIO.ReadInto(reader, v); }
    }
}
