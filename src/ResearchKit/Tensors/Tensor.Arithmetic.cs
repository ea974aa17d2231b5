using System.Numerics.Tensors;

namespace ResearchKit.Tensors;

public sealed partial class Tensor
{
    /// <summary>Element-wise a + b with NumPy broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Add);

    /// <summary>Element-wise a − b with NumPy broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Sub);

    /// <summary>Element-wise a ⊙ b with NumPy broadcasting.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Binary(a, b, BinaryOp.Mul);

    /// <summary>a · s for a constant s.</summary>
    public static Tensor operator *(Tensor a, float s) => a.Scale(s);

    /// <summary>s · a for a constant s.</summary>
    public static Tensor operator *(float s, Tensor a) => a.Scale(s);

    /// <summary>−a.</summary>
    public static Tensor operator -(Tensor a) => a.Scale(-1f);

    /// <summary>a + s for a constant s.</summary>
    public static Tensor operator +(Tensor a, float s)
    {
        ArgumentNullException.ThrowIfNull(a);
        var y = Allocate(a.Length);
        TensorPrimitives.Add(a.Data, s, y);                                   // y = a + s
        return FromOp("add_scalar", y, a.Shape, [a], o => TensorPrimitives.Add(a.GradSpan, o.Grad, a.GradSpan)); // da += dy
    }

    /// <summary>a · s for a constant s (same as the operator).</summary>
    public Tensor Scale(float s)
    {
        var a = this;
        var y = Allocate(a.Length);
        TensorPrimitives.Multiply(a.Data, s, y);                              // y = s·a
        return FromOp("scale", y, a.Shape, [a], o => TensorPrimitives.MultiplyAdd(o.Grad, s, a.GradSpan, a.GradSpan)); // da += s·dy
    }

    private enum BinaryOp { Add, Sub, Mul }

    /// <summary>
    /// The broadcasting binary ops. Output shape: dims aligned from the right, each pair equal or one of them 1.
    /// Backward sums the gradient over the broadcast dimensions back to each input's shape.
    /// </summary>
    private static Tensor Binary(Tensor a, Tensor b, BinaryOp op)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var shape = BroadcastShape(a.Shape, b.Shape);
        var n = ShapeLength(shape);
        var y = Allocate(n);
        var mapA = a.Length == n ? null : BroadcastMap(shape, a.Shape);       // output index -> input index
        var mapB = b.Length == n ? null : BroadcastMap(shape, b.Shape);
        if (mapA is null && mapB is null)
        {
            if (op == BinaryOp.Add) TensorPrimitives.Add(a.Data, b.Data, y);
            else if (op == BinaryOp.Sub) TensorPrimitives.Subtract(a.Data, b.Data, y);
            else TensorPrimitives.Multiply(a.Data, b.Data, y);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                float x = a.Data[mapA?[i] ?? i], z = b.Data[mapB?[i] ?? i];
                y[i] = op == BinaryOp.Add ? x + z : op == BinaryOp.Sub ? x - z : x * z;
            }
        }
        return FromOp(op.ToString().ToLowerInvariant(), y, shape, [a, b], o =>
        {
            var g = o.Grad!;
            // d(a+b) = (1, 1); d(a−b) = (1, −1); d(a·b) = (b, a)
            if (a.RequiresGrad)
            {
                var ga = a.GradSpan;
                if (mapA is null && op != BinaryOp.Mul) TensorPrimitives.Add(ga, g, ga);
                else if (mapA is null && mapB is null) TensorPrimitives.MultiplyAdd(g, b.Data, ga, ga);
                else for (var i = 0; i < n; i++) ga[mapA?[i] ?? i] += op == BinaryOp.Mul ? g[i] * b.Data[mapB?[i] ?? i] : g[i];
            }
            if (b.RequiresGrad)
            {
                var gb = b.GradSpan;
                var sign = op == BinaryOp.Sub ? -1f : 1f;
                if (mapB is null && op != BinaryOp.Mul) TensorPrimitives.MultiplyAdd(g, sign, gb, gb);
                else if (mapA is null && mapB is null) TensorPrimitives.MultiplyAdd(g, a.Data, gb, gb);
                else for (var i = 0; i < n; i++) gb[mapB?[i] ?? i] += op == BinaryOp.Mul ? g[i] * a.Data[mapA?[i] ?? i] : sign * g[i];
            }
        });
    }

    internal static int ShapeLength(int[] shape)
    {
        var n = 1;
        foreach (var d in shape) n = checked(n * d);
        return n;
    }

    internal static int[] BroadcastShape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var shape = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
                throw new ArgumentException($"shapes [{string.Join(", ", a)}] and [{string.Join(", ", b)}] do not broadcast (dimension {i}: {da} vs {db}).");
            shape[i] = Math.Max(da, db);
        }
        return shape;
    }

    /// <summary>For each flat index of <paramref name="outShape"/>, the flat index of the broadcast input.</summary>
    private static int[] BroadcastMap(int[] outShape, int[] inShape)
    {
        var rank = outShape.Length;
        var strides = new int[rank];                  // input stride per output dim, 0 where broadcast
        var s = 1;
        for (var i = rank - 1; i >= 0; i--)
        {
            var j = i - (rank - inShape.Length);
            var d = j >= 0 ? inShape[j] : 1;
            strides[i] = d == 1 ? 0 : s;
            s *= d;
        }
        var n = ShapeLength(outShape);
        var map = new int[n];
        var index = new int[rank];
        var offset = 0;
        for (var flat = 0; flat < n; flat++)
        {
            map[flat] = offset;
            for (var d = rank - 1; d >= 0; d--)      // odometer increment
            {
                index[d]++; offset += strides[d];
                if (index[d] < outShape[d]) break;
                offset -= strides[d] * index[d]; index[d] = 0;
            }
        }
        return map;
    }
}
