using System.Numerics.Tensors;

namespace ResearchKit.Tensors;

public sealed partial class Tensor
{
    /// <summary>Softmax over the last dimension: y_i = e^(x_i − max) / Σ_j e^(x_j − max).</summary>
    public Tensor Softmax()
    {
        var x = this;
        var (rows, w) = x.LastDimRows();
        var y = Allocate(x.Length);
        for (var r = 0; r < rows; r++) TensorPrimitives.SoftMax(x.Data.AsSpan(r * w, w), y.AsSpan(r * w, w));
        return FromOp("softmax", y, x.Shape, [x], o =>
        {
            var gx = x.GradSpan;
            for (var r = 0; r < rows; r++)
            {
                var g = o.Grad.AsSpan(r * w, w); var yr = y.AsSpan(r * w, w);
                var dot = TensorPrimitives.Dot(g, yr);
                for (var i = 0; i < w; i++) gx[r * w + i] += yr[i] * (g[i] - dot);   // dx = y ⊙ (dy − ⟨dy, y⟩)
            }
        });
    }

    /// <summary>Log-softmax over the last dimension: x − logΣexp(x), computed stably.</summary>
    public Tensor LogSoftmax()
    {
        var x = this;
        var (rows, w) = x.LastDimRows();
        var y = Allocate(x.Length);
        for (var r = 0; r < rows; r++) LogSoftmaxRow(x.Data.AsSpan(r * w, w), y.AsSpan(r * w, w));
        return FromOp("log_softmax", y, x.Shape, [x], o =>
        {
            var gx = x.GradSpan;
            for (var r = 0; r < rows; r++)
            {
                var g = o.Grad.AsSpan(r * w, w);
                var total = TensorPrimitives.Sum(g);
                for (var i = 0; i < w; i++) gx[r * w + i] += g[i] - MathF.Exp(y[r * w + i]) * total;   // dx = dy − softmax·Σdy
            }
        });
    }

    /// <summary>y = x − max − log Σ e^(x − max) for one row.</summary>
    internal static void LogSoftmaxRow(ReadOnlySpan<float> x, Span<float> y)
    {
        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, y);
        var sum = 0.0;
        foreach (var v in y) sum += MathF.Exp(v);
        TensorPrimitives.Subtract(y, (float)Math.Log(sum), y);
    }

    /// <summary>Scales each row of the last dimension to unit L2 norm: y = x / max(‖x‖, ε).</summary>
    public Tensor L2Normalize(float epsilon = 1e-12f)
    {
        var x = this;
        var (rows, w) = x.LastDimRows();
        var y = Allocate(x.Length);
        var norms = Allocate(rows);
        for (var r = 0; r < rows; r++)
        {
            norms[r] = MathF.Max(TensorPrimitives.Norm(x.Data.AsSpan(r * w, w)), epsilon);
            TensorPrimitives.Divide(x.Data.AsSpan(r * w, w), norms[r], y.AsSpan(r * w, w));
        }
        return FromOp("l2_normalize", y, x.Shape, [x], o =>
        {
            var gx = x.GradSpan;
            for (var r = 0; r < rows; r++)
            {
                var g = o.Grad.AsSpan(r * w, w); var yr = y.AsSpan(r * w, w); var gr = gx.Slice(r * w, w);
                var dot = TensorPrimitives.Dot(g, yr);
                var inv = 1f / norms[r];
                TensorPrimitives.MultiplyAdd(g, inv, gr, gr);                  // dx = (dy − y⟨dy, y⟩)/‖x‖
                TensorPrimitives.MultiplyAdd(yr, -dot * inv, gr, gr);
            }
        });
    }

    /// <summary>
    /// Layer normalisation over the last dimension (Ba et al. 2016): y = γ ⊙ (x − μ)/√(σ² + ε) + β,
    /// with <paramref name="gain"/> γ and <paramref name="bias"/> β of the last dimension's size.
    /// </summary>
    public static Tensor LayerNorm(Tensor x, Tensor gain, Tensor bias, float epsilon = 1e-5f)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(gain);
        ArgumentNullException.ThrowIfNull(bias);
        var (rows, w) = x.LastDimRows();
        if (gain.Length != w || bias.Length != w) throw new ArgumentException($"LayerNorm: gain and bias need {w} values, got {gain.Length} and {bias.Length}.");
        var xhat = Allocate(x.Length);                                        // normalised x, kept for backward
        var invStd = Allocate(rows);
        var y = Allocate(x.Length);
        for (var r = 0; r < rows; r++)
        {
            var xr = x.Data.AsSpan(r * w, w); var hr = xhat.AsSpan(r * w, w);
            var mean = TensorPrimitives.Sum(xr) / w;
            TensorPrimitives.Subtract(xr, mean, hr);
            var variance = TensorPrimitives.SumOfSquares(hr) / w;
            invStd[r] = 1f / MathF.Sqrt(variance + epsilon);
            TensorPrimitives.Multiply(hr, invStd[r], hr);
            TensorPrimitives.FusedMultiplyAdd(hr, gain.Data, bias.Data, y.AsSpan(r * w, w));
        }
        return FromOp("layer_norm", y, x.Shape, [x, gain, bias], o =>
        {
            var dh = Allocate(w);
            for (var r = 0; r < rows; r++)
            {
                var g = o.Grad.AsSpan(r * w, w); var hr = xhat.AsSpan(r * w, w);
                if (gain.RequiresGrad) TensorPrimitives.MultiplyAdd(g, hr, gain.GradSpan, gain.GradSpan);   // dγ += dy ⊙ x̂
                if (bias.RequiresGrad) TensorPrimitives.Add(bias.GradSpan, g, bias.GradSpan);               // dβ += dy
                if (!x.RequiresGrad) continue;
                TensorPrimitives.Multiply(g, gain.Data, dh);                                                // dx̂ = dy ⊙ γ
                var meanDh = TensorPrimitives.Sum(dh) / w;
                var meanDhH = TensorPrimitives.Dot(dh, hr) / w;
                var gx = x.GradSpan.Slice(r * w, w);
                for (var i = 0; i < w; i++) gx[i] += invStd[r] * (dh[i] - meanDh - hr[i] * meanDhH);     // dx = (dx̂ − mean dx̂ − x̂·mean(dx̂⊙x̂))/σ
            }
        });
    }
}
