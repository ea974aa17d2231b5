using ResearchKit.Tensors;

namespace ResearchKit.Tests.Tensors;

public class TensorGradientTests
{
    private static Tensor P(int seed, params int[] shape) => GradCheck.Param(seed, shape);

    [Fact]
    public void AddSubMul_SameShape_GradientsMatchFiniteDifferences()
    {
        var a = P(1, 3, 4); var b = P(2, 3, 4);
        GradCheck.Check(() => a + b, a, b);
        GradCheck.Check(() => a - b, a, b);
        GradCheck.Check(() => a * b, a, b);
    }

    [Fact]
    public void AddSubMul_Broadcasting_GradientsReduceToInputShape()
    {
        var a = P(3, 2, 3, 4); var row = P(4, 4); var col = P(5, 3, 1); var scalar = P(6, 1);
        GradCheck.Check(() => a + row, a, row);
        GradCheck.Check(() => a - col, a, col);
        GradCheck.Check(() => col * row, col, row);
        GradCheck.Check(() => a * scalar, a, scalar);
        Assert.Equal([3, 4], (col * row).Shape);
    }

    [Fact]
    public void ScaleAndScalarAdd_GradientsMatch()
    {
        var a = P(7, 5);
        GradCheck.Check(() => a * 2.5f + 1f, a);
        GradCheck.Check(() => -a, a);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void MatMul_AllTransposes_GradientsMatch(bool ta, bool tb)
    {
        var a = ta ? P(8, 4, 3) : P(8, 3, 4);
        var b = tb ? P(9, 5, 4) : P(9, 4, 5);
        GradCheck.Check(() => Tensor.MatMul(a, b, ta, tb), a, b);
        Assert.Equal([3, 5], Tensor.MatMul(a, b, ta, tb).Shape);
    }

    [Fact]
    public void Linear_WithAndWithoutBias_GradientsMatch()
    {
        var x = P(10, 4, 3); var w = P(11, 5, 3); var bias = P(12, 5);
        GradCheck.Check(() => Tensor.Linear(x, w, bias), x, w, bias);
        GradCheck.Check(() => Tensor.Linear(x, w, null), x, w);
    }

    [Fact]
    public void Activations_GradientsMatch()
    {
        var x = P(13, 4, 5);
        foreach (var (i, v) in x.Data.Select((v, i) => (i, v)).ToArray()) if (MathF.Abs(v) < 0.05f) x.Data[i] = 0.3f; // away from relu's kink
        GradCheck.Check(() => x.Relu(), x);
        GradCheck.Check(() => x.Sigmoid(), x);
        GradCheck.Check(() => x.Tanh(), x);
        GradCheck.Check(() => x.Gelu(), x);
        GradCheck.Check(() => x.Exp(), x);
        var positive = GradCheck.Param(14, 0.5f, 2f, 3, 4);
        GradCheck.Check(() => positive.Log(), positive);
    }

    [Fact]
    public void Reductions_GradientsMatch()
    {
        var x = P(15, 2, 3, 4);
        GradCheck.Check(() => x.Sum(), x);
        GradCheck.Check(() => x.Mean(), x);
        GradCheck.Check(() => x.Sum(1), x);
        GradCheck.Check(() => x.Mean(-1), x);
        Assert.Equal([2, 4], x.Sum(1).Shape);
    }

    [Fact]
    public void SoftmaxFamilyAndNorms_GradientsMatch()
    {
        var x = P(16, 3, 6);
        GradCheck.Check(() => x.Softmax(), x);
        GradCheck.Check(() => x.LogSoftmax(), x);
        GradCheck.Check(() => x.L2Normalize(), x);
        var gain = GradCheck.Param(17, 0.5f, 1.5f, 6); var bias = P(18, 6);
        GradCheck.Check(() => Tensor.LayerNorm(x, gain, bias), 1e-2f, 3e-2, x, gain, bias);
    }

    [Fact]
    public void ConcatReshape_GradientsMatch()
    {
        var a = P(19, 2, 3); var b = P(20, 2, 5); var c = P(21, 4, 3);
        GradCheck.Check(() => Tensor.Concat(1, a, b), a, b);
        GradCheck.Check(() => Tensor.Concat(0, a, c), a, c);
        GradCheck.Check(() => a.Reshape(3, -1) * P(22, 3, 2), a);
        Assert.Equal([2, 8], Tensor.Concat(-1, a, b).Shape);
    }

    [Fact]
    public void Gather_DenseAndSparse_GradientsMatchWithRepeatedRows()
    {
        int[] idx = [2, 0, 2, 3];
        var dense = P(23, 5, 3);
        GradCheck.Check(() => Tensor.Gather(dense, idx), dense);
        var sparse = new Tensor((float[])dense.Data.Clone(), [5, 3], requiresGrad: true) { SparseGradient = true };
        GradCheck.Check(() => Tensor.Gather(sparse, idx), sparse);
        Assert.Null(sparse.Grad);                     // sparse tables get no dense gradient
        Assert.NotNull(sparse.SparseGrad);
    }

    [Fact]
    public void Dropout_FixedMask_GradientMatchesAndEvalIsIdentity()
    {
        var x = P(24, 4, 6);
        GradCheck.Check(() => x.Dropout(0.3f, training: true, new Random(5)), x);
        Assert.Same(x, x.Dropout(0.3f, training: false, new Random(5)));
        var y = x.Dropout(0.5f, true, new Random(5));
        foreach (var (v, o) in y.Data.Zip(x.Data)) Assert.True(v == 0f || MathF.Abs(v - 2 * o) < 1e-6f);
    }

    [Fact]
    public void Losses_GradientsMatch()
    {
        var logits = P(25, 4, 5);
        var targets = new float[] { 1, 0, 0.5f, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0 };
        GradCheck.Check(() => Losses.BinaryCrossEntropyWithLogits(logits, targets), logits);
        int[] classes = [0, 3, 4, 1];
        GradCheck.Check(() => Losses.SoftmaxCrossEntropy(logits, classes), logits);
        float[] logQ = [-1f, -2f, -0.5f, -3f, -1.5f];
        GradCheck.Check(() => Losses.SampledSoftmax(logits, classes, logQ), logits);
        var pos = P(26, 6); var neg = P(27, 6);
        GradCheck.Check(() => Losses.Bpr(pos, neg), pos, neg);
    }

    [Fact]
    public void SoftmaxCrossEntropy_KnownValue()
    {
        // Uniform logits over 4 classes: loss = log 4.
        var loss = Losses.SoftmaxCrossEntropy(Tensor.Zeros(2, 4), [1, 3]);
        Assert.Equal(MathF.Log(4), loss.Item(), 5);
        // logQ correction equals subtracting logQ from the logits by hand.
        var x = P(28, 2, 3);
        float[] q = [0.1f, -0.4f, 0.7f];
        var shifted = Tensor.From(x.Data.Select((v, i) => v - q[i % 3]).ToArray(), 2, 3);
        Assert.Equal(Losses.SoftmaxCrossEntropy(shifted, [2, 0]).Item(), Losses.SampledSoftmax(x, [2, 0], q).Item(), 5);
    }

    [Fact]
    public void Backward_SharedSubexpression_AccumulatesBothPaths()
    {
        var x = Tensor.From([3f], 1); x.RequiresGrad = true;
        var y = x * x + x;                            // dy/dx = 2x + 1 = 7
        y.Backward();
        Assert.Equal(7f, x.Grad![0], 5);
    }

    [Fact]
    public void NoGrad_RecordsNothing()
    {
        var x = P(29, 3);
        using (Tensor.NoGrad()) Assert.False((x * x).RequiresGrad);
        Assert.True((x * x).RequiresGrad);
    }

    [Fact]
    public void Binary_IncompatibleShapes_ThrowsNamingShapes()
    {
        var ex = Assert.Throws<ArgumentException>(() => Tensor.Zeros(2, 3) + Tensor.Zeros(4));
        Assert.Contains("[2, 3]", ex.Message);
    }
}

public class SampledSoftmaxTests
{
    [Fact]
    public void SampledSoftmax_AccidentalHits_EqualDroppingTheDuplicateColumn()
    {
        // Columns 1 and 3 hold the same item; row 0's positive is column 1, so column 3 must not act as its negative.
        var x = GradCheck.Param(30, 2, 4);
        int[] ids = [10, 11, 12, 11];
        var withIds = Losses.SampledSoftmax(x, [1, 2], default, ids).Item();
        var row0 = Tensor.From([x.Data[0], x.Data[1], x.Data[2]], 1, 3);
        var row1 = Tensor.From(x.Data.AsSpan(4, 4), 1, 4);
        var expected = (Losses.SoftmaxCrossEntropy(row0, [1]).Item() + Losses.SoftmaxCrossEntropy(row1, [2]).Item()) / 2;
        Assert.Equal(expected, withIds, 5);
        GradCheck.Check(() => Losses.SampledSoftmax(x, [1, 2], [0.1f, -0.2f, 0.3f, 0f], ids), x);
    }
}

public class InBatchSoftmaxTests
{
    [Fact]
    public void InBatchSoftmax_EqualsMatMulThenSampledSoftmax_AndGradientsMatch()
    {
        var q = GradCheck.Param(31, 3, 4); var c = GradCheck.Param(32, 5, 4);
        float[] logQ = [-1f, -2f, -0.5f, -3f, -1.5f];
        int[] ids = [7, 8, 7, 9, 10];                                    // candidate 2 repeats row 0's positive
        var fused = Losses.InBatchSoftmax(q, c, 0.5f, logQ, ids).Item();
        var reference = Losses.SampledSoftmax(Tensor.MatMul(q, c, transposeB: true, alpha: 2f), [0, 1, 2], logQ, ids).Item();
        Assert.Equal(reference, fused, 5);
        GradCheck.Check(() => Losses.InBatchSoftmax(q, c, 0.5f, logQ, ids), 1e-2f, 3e-2, q, c);
    }
}
