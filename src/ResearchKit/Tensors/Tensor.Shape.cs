using System.Numerics.Tensors;

namespace ResearchKit.Tensors;

public sealed partial class Tensor
{
    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => new(new float[ShapeLength(shape)], shape);

    /// <summary>A tensor holding a copy of <paramref name="values"/> with <paramref name="shape"/>.</summary>
    public static Tensor From(ReadOnlySpan<float> values, params int[] shape) => new(values.ToArray(), shape);

    /// <summary>The same values seen with another shape (shares the buffer; one dimension may be −1).</summary>
    public Tensor Reshape(params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var x = this;
        shape = (int[])shape.Clone();
        var free = Array.IndexOf(shape, -1);
        if (free >= 0) shape[free] = Length / Math.Max(1, -ShapeLength(shape));
        if (ShapeLength(shape) != Length) throw new ArgumentException($"cannot reshape [{string.Join(", ", Shape)}] to [{string.Join(", ", shape)}].", nameof(shape));
        return FromOp("reshape", x.Data, shape, [x], o => TensorPrimitives.Add(x.GradSpan, o.Grad, x.GradSpan));
    }

    /// <summary>Concatenates tensors along <paramref name="axis"/>; all other dimensions must agree.</summary>
    public static Tensor Concat(int axis, params Tensor[] parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Length == 0) throw new ArgumentException("Concat needs at least one tensor.", nameof(parts));
        var first = parts[0];
        var (outer, _, inner, ax) = first.Split(axis);
        var sizes = new int[parts.Length];
        for (var p = 0; p < parts.Length; p++)
        {
            var t = parts[p];
            if (t.Rank != first.Rank || Enumerable.Range(0, t.Rank).Any(i => i != ax && t.Shape[i] != first.Shape[i]))
                throw new ArgumentException($"Concat along {axis}: shape [{string.Join(", ", t.Shape)}] does not match [{string.Join(", ", first.Shape)}].");
            sizes[p] = t.Shape[ax];
        }
        var total = sizes.Sum();
        var shape = (int[])first.Shape.Clone();
        shape[ax] = total;
        var y = Allocate(outer * total * inner);                              // y: parts side by side along axis
        for (int p = 0, offset = 0; p < parts.Length; offset += sizes[p], p++)
            for (var o = 0; o < outer; o++)
                parts[p].Data.AsSpan(o * sizes[p] * inner, sizes[p] * inner).CopyTo(y.AsSpan((o * total + offset) * inner));
        return FromOp("concat", y, shape, parts, t =>
        {
            for (int p = 0, offset = 0; p < parts.Length; offset += sizes[p], p++)
            {
                if (!parts[p].RequiresGrad) continue;
                var gp = parts[p].GradSpan;
                for (var o = 0; o < outer; o++)
                {
                    var dst = gp.Slice(o * sizes[p] * inner, sizes[p] * inner);
                    TensorPrimitives.Add(dst, t.Grad.AsSpan((o * total + offset) * inner, sizes[p] * inner), dst);   // slice dy back
                }
            }
        });
    }

    /// <summary>
    /// Embedding lookup: rows <paramref name="indices"/> of the 2-D <paramref name="table"/> ([rows, dim] → [indices, dim]).
    /// The gradient goes to the table as a row-sparse <see cref="SparseGrad"/> when the table has
    /// <see cref="SparseGradient"/> set (only touched rows are updated), otherwise densely.
    /// </summary>
    public static Tensor Gather(Tensor table, int[] indices)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(indices);
        if (table.Rank != 2) throw new ArgumentException($"Gather needs a 2-D table, got [{string.Join(", ", table.Shape)}].", nameof(table));
        int rows = table.Shape[0], dim = table.Shape[1];
        var y = Allocate(indices.Length * dim);                               // y: [indices, dim]
        for (var i = 0; i < indices.Length; i++)
        {
            var r = indices[i];
            if ((uint)r >= (uint)rows) throw new ArgumentOutOfRangeException(nameof(indices), r, $"index {i} is {r}, outside the table's {rows} rows.");
            table.Data.AsSpan(r * dim, dim).CopyTo(y.AsSpan(i * dim, dim));
        }
        var idx = (int[])indices.Clone();
        return FromOp("gather", y, [idx.Length, dim], [table], o =>
        {
            if (table.SparseGradient) { table.AddSparseGrad(idx, o.Grad!); return; }   // rows and their dy, merged by the optimizer
            var g = table.GradSpan;
            for (var i = 0; i < idx.Length; i++)
            {
                var dst = g.Slice(idx[i] * dim, dim);
                TensorPrimitives.Add(dst, o.Grad.AsSpan(i * dim, dim), dst);
            }
        });
    }
}
