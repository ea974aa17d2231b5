using System.Numerics;
using System.Numerics.Tensors;

namespace ResearchKit.Tensors;

public sealed partial class Tensor
{
    /// <summary>max(x, 0).</summary>
    public Tensor Relu()
    {
        var x = this;
        var y = Allocate(x.Length);
        TensorPrimitives.Max(x.Data, 0f, y);                                  // y = max(x, 0)
        return FromOp("relu", y, x.Shape, [x], o =>
        {
            var g = o.Grad.AsSpan(); var gx = x.GradSpan;
            var i = 0;
            for (; i <= g.Length - Vector<float>.Count; i += Vector<float>.Count)  // dx = dy·[x > 0]
            {
                var positive = Vector.GreaterThan(new Vector<float>(y.AsSpan(i)), Vector<float>.Zero);
                (new Vector<float>(gx[i..]) + Vector.ConditionalSelect(positive, new Vector<float>(g[i..]), Vector<float>.Zero)).CopyTo(gx[i..]);
            }
            for (; i < g.Length; i++) if (y[i] > 0f) gx[i] += g[i];
        });
    }

    /// <summary>Logistic sigmoid σ(x) = 1 / (1 + e^−x).</summary>
    public Tensor Sigmoid()
    {
        var x = this;
        var y = Allocate(x.Length);
        TensorPrimitives.Sigmoid(x.Data, y);
        return FromOp("sigmoid", y, x.Shape, [x], o =>
        {
            var g = o.Grad!; var gx = x.GradSpan;
            for (var i = 0; i < g.Length; i++) gx[i] += g[i] * y[i] * (1f - y[i]);   // σ' = σ(1 − σ)
        });
    }

    /// <summary>Hyperbolic tangent.</summary>
    public Tensor Tanh()
    {
        var x = this;
        var y = Allocate(x.Length);
        TensorPrimitives.Tanh(x.Data, y);
        return FromOp("tanh", y, x.Shape, [x], o =>
        {
            var g = o.Grad!; var gx = x.GradSpan;
            for (var i = 0; i < g.Length; i++) gx[i] += g[i] * (1f - y[i] * y[i]);   // tanh' = 1 − tanh²
        });
    }

    /// <summary>GELU, tanh approximation (as GPT-2 / PyTorch's <c>approximate="tanh"</c>): ½x(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public Tensor Gelu()
    {
        var x = this;
        const float c = 0.7978845608f, k = 0.044715f;
        var y = Allocate(x.Length);
        var t = Allocate(x.Length);                                           // tanh(u), kept for backward
        for (var i = 0; i < y.Length; i++)
        {
            var v = x.Data[i];
            t[i] = MathF.Tanh(c * (v + k * v * v * v));
            y[i] = 0.5f * v * (1f + t[i]);
        }
        return FromOp("gelu", y, x.Shape, [x], o =>
        {
            var g = o.Grad!; var gx = x.GradSpan;
            for (var i = 0; i < g.Length; i++)
            {
                var v = x.Data[i];
                var du = c * (1f + 3f * k * v * v);
                gx[i] += g[i] * (0.5f * (1f + t[i]) + 0.5f * v * (1f - t[i] * t[i]) * du);
            }
        });
    }

    /// <summary>e^x.</summary>
    public Tensor Exp()
    {
        var x = this;
        var y = Allocate(x.Length);
        TensorPrimitives.Exp(x.Data, y);
        return FromOp("exp", y, x.Shape, [x], o => TensorPrimitives.MultiplyAdd(o.Grad, y, x.GradSpan, x.GradSpan)); // dx = dy·eˣ
    }

    /// <summary>Natural logarithm.</summary>
    public Tensor Log()
    {
        var x = this;
        var y = Allocate(x.Length);
        TensorPrimitives.Log(x.Data, y);
        return FromOp("log", y, x.Shape, [x], o =>
        {
            var g = o.Grad!; var gx = x.GradSpan;
            for (var i = 0; i < g.Length; i++) gx[i] += g[i] / x.Data[i];      // dx = dy / x
        });
    }

    /// <summary>
    /// Inverted dropout: in training, zeroes each value with probability <paramref name="p"/> and scales the rest by
    /// 1/(1−p), so evaluation needs no rescaling. Identity when <paramref name="training"/> is false or p = 0.
    /// </summary>
    public Tensor Dropout(float p, bool training, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (p is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability must be in [0, 1).");
        if (!training || p == 0f) return this;
        var x = this;
        var mask = Allocate(x.Length);                                        // 0 or 1/(1−p)
        var keep = 1f / (1f - p);
        for (var i = 0; i < mask.Length; i++) mask[i] = rng.NextSingle() < p ? 0f : keep;
        var y = Allocate(x.Length);
        TensorPrimitives.Multiply(x.Data, mask, y);
        return FromOp("dropout", y, x.Shape, [x], o => TensorPrimitives.MultiplyAdd(o.Grad, mask, x.GradSpan, x.GradSpan));
    }
}
