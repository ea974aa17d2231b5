using Microsoft.ML.Trainers.FastTree;
using ResearchKit.Serialization;

namespace ResearchKit.Fusion;

/// <summary>
/// A boosted ensemble of regression trees copied out of ML.NET into flat arrays, so that scoring is allocation-free,
/// thread-safe and independent of ML.NET's prediction engine, and the trees can be stored in a model file.
/// Node n of tree t splits on <c>x[Feature[n]] ≤ Threshold[n]</c> (go left) as FastTree does; a negative child c
/// is the leaf <c>~c</c>. Score = bias + Σ_t weight_t · leaf value.
/// </summary>
internal sealed class TreeEnsemble
{
    private readonly int[] _nodeStart, _leafStart, _left, _right, _feature;
    private readonly float[] _threshold;
    private readonly double[] _leafValue, _weight;

    private TreeEnsemble(int[] nodeStart, int[] leafStart, int[] left, int[] right, int[] feature, float[] threshold,
        double[] leafValue, double[] weight, double bias)
    {
        _nodeStart = nodeStart; _leafStart = leafStart; _left = left; _right = right; _feature = feature;
        _threshold = threshold; _leafValue = leafValue; _weight = weight; Bias = bias;
    }

    /// <summary>The constant added to every score.</summary>
    public double Bias { get; }

    /// <summary>Number of trees.</summary>
    public int Trees => _weight.Length;

    /// <summary>Copies the trees of a trained FastTree model (numerical splits only, which is all FastTree makes on dense float features).</summary>
    public static TreeEnsemble From(TreeEnsemble<RegressionTree> ensemble)
    {
        var trees = ensemble.Trees;
        var nodeStart = new int[trees.Count + 1]; var leafStart = new int[trees.Count + 1];
        for (var t = 0; t < trees.Count; t++)
        {
            nodeStart[t + 1] = nodeStart[t] + trees[t].NumberOfNodes;
            leafStart[t + 1] = leafStart[t] + trees[t].NumberOfLeaves;
        }
        var left = new int[nodeStart[^1]]; var right = new int[left.Length]; var feature = new int[left.Length];
        var threshold = new float[left.Length]; var leaves = new double[leafStart[^1]];
        for (var t = 0; t < trees.Count; t++)
        {
            var tree = trees[t];
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                if (tree.CategoricalSplitFlags[n]) throw new NotSupportedException("ltr: a categorical split in the ranker's trees; the features are all numeric.");
                left[nodeStart[t] + n] = tree.LeftChild[n];
                right[nodeStart[t] + n] = tree.RightChild[n];
                feature[nodeStart[t] + n] = tree.NumericalSplitFeatureIndexes[n];
                threshold[nodeStart[t] + n] = tree.NumericalSplitThresholds[n];
            }
            for (var l = 0; l < tree.NumberOfLeaves; l++) leaves[leafStart[t] + l] = tree.LeafValues[l];
        }
        return new TreeEnsemble(nodeStart, leafStart, left, right, feature, threshold, leaves, ensemble.TreeWeights.ToArray(), ensemble.Bias);
    }

    /// <summary>The ensemble's score of one feature vector.</summary>
    public double Score(ReadOnlySpan<float> x)
    {
        var s = Bias;
        for (var t = 0; t < _weight.Length; t++)
        {
            var baseNode = _nodeStart[t];
            var count = _nodeStart[t + 1] - baseNode;
            // A tree with one leaf has no nodes.
            var node = count == 0 ? -1 : 0;
            while (node >= 0)
            {
                var n = baseNode + node;
                node = x[_feature[n]] <= _threshold[n] ? _left[n] : _right[n];
            }
            s += _weight[t] * _leafValue[_leafStart[t] + ~node];
        }
        return s;
    }

    /// <summary>Writes the arrays into <paramref name="file"/> under <paramref name="prefix"/>.</summary>
    public void Save(SafeTensorsFile file, string prefix)
    {
        file.Add(prefix + "node_start", _nodeStart, _nodeStart.Length);
        file.Add(prefix + "leaf_start", _leafStart, _leafStart.Length);
        file.Add(prefix + "left", _left, _left.Length);
        file.Add(prefix + "right", _right, _right.Length);
        file.Add(prefix + "feature", _feature, _feature.Length);
        file.Add(prefix + "threshold", _threshold, _threshold.Length);
        file.Add(prefix + "leaf_value", _leafValue, _leafValue.Length);
        file.Add(prefix + "tree_weight", _weight, _weight.Length);
        file.Add(prefix + "bias", [Bias], 1);
    }

    /// <summary>Reads what <see cref="Save"/> wrote, checking that the arrays agree with each other.</summary>
    public static TreeEnsemble Load(SafeTensorsFile file, string prefix, int features)
    {
        var nodeStart = file.GetInt32(prefix + "node_start", out _);
        var leafStart = file.GetInt32(prefix + "leaf_start", out _);
        var left = file.GetInt32(prefix + "left", out _); var right = file.GetInt32(prefix + "right", out _);
        var feature = file.GetInt32(prefix + "feature", out _);
        var threshold = file.GetFloat32(prefix + "threshold", out _);
        var leaves = file.GetFloat64(prefix + "leaf_value", out _);
        var weight = file.GetFloat64(prefix + "tree_weight", out _);
        var bias = file.GetFloat64(prefix + "bias", out _);
        if (nodeStart.Length != weight.Length + 1 || leafStart.Length != weight.Length + 1 || nodeStart[^1] != left.Length
            || right.Length != left.Length || feature.Length != left.Length || threshold.Length != left.Length
            || leafStart[^1] != leaves.Length || bias.Length != 1 || feature.Any(f => (uint)f >= (uint)features))
            throw new InvalidDataException($"ltr: the stored trees ({prefix}*) are inconsistent or use a feature outside [0, {features}).");
        return new TreeEnsemble(nodeStart, leafStart, left, right, feature, threshold, leaves, weight, bias[0]);
    }
}
