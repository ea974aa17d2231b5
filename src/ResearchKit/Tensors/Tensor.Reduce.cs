using System.Numerics.Tensors;

namespace ResearchKit.Tensors;

public sealed partial class Tensor
{
    /// <summary>Sum of all values (a one-element tensor of shape [1]).</summary>
    public Tensor Sum()
    {
        var x = this;
        var y = new[] { TensorPrimitives.Sum(x.Data) };
        return FromOp("sum", y, [1], [x], o =>
        {
            var gx = x.GradSpan;
            TensorPrimitives.Add(gx, o.Grad![0], gx);                          // dx_i = dy
        });
    }

    /// <summary>Mean of all values.</summary>
    public Tensor Mean() => Sum().Scale(1f / Math.Max(1, Length));

    /// <summary>Sum over dimension <paramref name="axis"/> (removed from the shape; negative counts from the end).</summary>
    public Tensor Sum(int axis)
    {
        var x = this;
        var (outer, size, inner, ax) = Split(axis);
        var shape = x.Shape.Where((_, i) => i != ax).ToArray();
        var y = Allocate(outer * inner);                                      // y: shape without axis
        for (var o = 0; o < outer; o++)
            for (var s = 0; s < size; s++)
            {
                var src = x.Data.AsSpan((o * size + s) * inner, inner);
                var dst = y.AsSpan(o * inner, inner);
                TensorPrimitives.Add(dst, src, dst);
            }
        return FromOp("sum_axis", y, shape, [x], t =>
        {
            var gx = x.GradSpan;
            for (var o = 0; o < outer; o++)
                for (var s = 0; s < size; s++)
                {
                    var dst = gx.Slice((o * size + s) * inner, inner);
                    TensorPrimitives.Add(dst, t.Grad.AsSpan(o * inner, inner), dst);   // broadcast dy back over axis
                }
        });
    }

    /// <summary>Mean over dimension <paramref name="axis"/>.</summary>
    public Tensor Mean(int axis) => Sum(axis).Scale(1f / Math.Max(1, Size(axis)));

    /// <summary>The shape viewed as [outer, size of axis, inner].</summary>
    private (int Outer, int Size, int Inner, int Axis) Split(int axis)
    {
        var ax = axis < 0 ? Rank + axis : axis;
        if ((uint)ax >= (uint)Rank) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"axis out of range for shape [{string.Join(", ", Shape)}].");
        int outer = 1, inner = 1;
        for (var i = 0; i < ax; i++) outer *= Shape[i];
        for (var i = ax + 1; i < Rank; i++) inner *= Shape[i];
        return (outer, Shape[ax], inner, ax);
    }

    /// <summary>Rows of the last dimension: (row count, row width).</summary>
    private (int Rows, int Width) LastDimRows()
    {
        if (Rank == 0) throw new InvalidOperationException("op needs at least one dimension.");
        var width = Shape[^1];
        return (width == 0 ? 0 : Length / width, width);
    }
}
