using ResearchKit.Data;

namespace ResearchKit.Evaluation.Metrics;

/// <summary>A symmetric item–item similarity in [0, 1], used by intra-list diversity and serendipity.</summary>
public interface IItemSimilarity
{
    /// <summary>Similarity of items <paramref name="a"/> and <paramref name="b"/> (1 for identical items).</summary>
    double Similarity(int a, int b);
}

/// <summary>Items are similar (1) when they share a known category, else 0; unknown categories (-1) match nothing.</summary>
/// <param name="catalog">The item catalog with categories.</param>
public sealed class CategorySimilarity(ItemCatalog catalog) : IItemSimilarity
{
    private readonly int[] _category = (catalog ?? throw new ArgumentNullException(nameof(catalog))).Category;

    /// <inheritdoc />
    public double Similarity(int a, int b)
    {
        if (a == b) return 1;
        if ((uint)a >= (uint)_category.Length || (uint)b >= (uint)_category.Length) return 0;
        var ca = _category[a];
        return ca >= 0 && ca == _category[b] ? 1 : 0;
    }
}

/// <summary>
/// Co-occurrence cosine |U_a ∩ U_b| / √(|U_a|·|U_b|) over the users who interacted with each item in training
/// (Recommenders' "cooccurrence" item similarity for diversity/serendipity). Items nobody saw have similarity 0.
/// </summary>
/// <param name="itemUsers">Item × user matrix of the training set (rows sorted ascending, as <see cref="CsrMatrix"/> builds them).</param>
public sealed class CooccurrenceSimilarity(CsrMatrix itemUsers) : IItemSimilarity
{
    private readonly CsrMatrix _itemUsers = itemUsers ?? throw new ArgumentNullException(nameof(itemUsers));

    /// <inheritdoc />
    public double Similarity(int a, int b)
    {
        if (a == b) return 1;
        if ((uint)a >= (uint)_itemUsers.Rows || (uint)b >= (uint)_itemUsers.Rows) return 0;
        var ua = _itemUsers.RowIndices(a); var ub = _itemUsers.RowIndices(b);
        if (ua.IsEmpty || ub.IsEmpty) return 0;
        return IntersectionSize(ua, ub) / Math.Sqrt((double)ua.Length * ub.Length);
    }

    /// <summary>Size of the intersection of two ascending distinct sequences (linear merge).</summary>
    public static int IntersectionSize(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int i = 0, j = 0, n = 0;
        while (i < a.Length && j < b.Length)
        {
            var x = a[i]; var y = b[j];
            if (x == y) { n++; i++; j++; }
            else if (x < y) i++;
            else j++;
        }
        return n;
    }
}

/// <summary>Cosine of dense item feature vectors (e.g. learned factors), clipped to [0, 1].</summary>
public sealed class FeatureCosineSimilarity : IItemSimilarity
{
    private readonly float[] _features;
    private readonly int _columns;
    private readonly float[] _norms;

    /// <summary>Wraps a row-major items × <paramref name="columns"/> matrix.</summary>
    public FeatureCosineSimilarity(float[] rowMajor, int columns)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (rowMajor.Length % columns != 0) throw new ArgumentException($"Length {rowMajor.Length} is not a multiple of columns {columns}.", nameof(rowMajor));
        _features = rowMajor; _columns = columns;
        _norms = new float[rowMajor.Length / columns];
        for (var i = 0; i < _norms.Length; i++) _norms[i] = System.Numerics.Tensors.TensorPrimitives.Norm(Row(i));
    }

    private ReadOnlySpan<float> Row(int i) => _features.AsSpan(i * _columns, _columns);

    /// <inheritdoc />
    public double Similarity(int a, int b)
    {
        if (a == b) return 1;
        var d = (double)_norms[a] * _norms[b];
        if (d == 0) return 0;
        return Math.Clamp(System.Numerics.Tensors.TensorPrimitives.Dot(Row(a), Row(b)) / d, 0, 1);
    }
}
