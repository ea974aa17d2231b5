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
/// <remarks>
/// Serendipity compares every recommended item with every item of the user's history, so popular items meet each
/// other millions of times; a merge of two user lists of thousands each made it most of an evaluation's time. Items
/// seen by at least one user in 32 are therefore also kept as bitsets over users (the most popular first, up to
/// <see cref="MaxBitsetBytes"/> in all): two such items intersect by AND + popcount, and a bitset item against a rare
/// item by testing the rare item's users' bits. Counts, and so values, are exactly those of the merge.
/// </remarks>
public sealed class CooccurrenceSimilarity : IItemSimilarity
{
    /// <summary>Memory cap for the bitsets of popular items (256 MB).</summary>
    public const long MaxBitsetBytes = 256L << 20;

    private readonly CsrMatrix _itemUsers;
    private readonly int[] _slot;      // item → its bitset's index, or −1
    private readonly ulong[] _bits;    // bitsets, `_words` ulongs each
    private readonly int _words;

    /// <param name="itemUsers">Item × user matrix of the training set (rows sorted ascending, as <see cref="CsrMatrix"/> builds them).</param>
    public CooccurrenceSimilarity(CsrMatrix itemUsers)
    {
        _itemUsers = itemUsers ?? throw new ArgumentNullException(nameof(itemUsers));
        var items = itemUsers.Rows;
        _words = (itemUsers.Cols + 63) / 64;
        _slot = new int[items];
        Array.Fill(_slot, -1);
        var threshold = Math.Max(64, itemUsers.Cols / 32);
        var popular = new List<int>();
        for (var i = 0; i < items; i++) if (itemUsers.RowLength(i) >= threshold) popular.Add(i);
        popular.Sort((a, b) => itemUsers.RowLength(b).CompareTo(itemUsers.RowLength(a)) is var c && c != 0 ? c : a.CompareTo(b));
        var capacity = (int)Math.Min(popular.Count, MaxBitsetBytes / Math.Max(1, _words * 8L));
        _bits = new ulong[(long)capacity * _words];
        for (var s = 0; s < capacity; s++)
        {
            var item = popular[s];
            _slot[item] = s;
            var bits = _bits.AsSpan(s * _words, _words);
            foreach (var u in itemUsers.RowIndices(item)) bits[u >> 6] |= 1UL << (u & 63);
        }
    }

    /// <inheritdoc />
    public double Similarity(int a, int b)
    {
        if (a == b) return 1;
        if ((uint)a >= (uint)_itemUsers.Rows || (uint)b >= (uint)_itemUsers.Rows) return 0;
        var ua = _itemUsers.RowIndices(a); var ub = _itemUsers.RowIndices(b);
        if (ua.IsEmpty || ub.IsEmpty) return 0;
        int sa = _slot[a], sb = _slot[b];
        var shared = sa >= 0 && sb >= 0 ? AndCount(_bits.AsSpan(sa * _words, _words), _bits.AsSpan(sb * _words, _words))
            : sb >= 0 ? BitsSet(_bits.AsSpan(sb * _words, _words), ua)
            : sa >= 0 ? BitsSet(_bits.AsSpan(sa * _words, _words), ub)
            : IntersectionSize(ua, ub);
        return shared / Math.Sqrt((double)ua.Length * ub.Length);
    }

    private static int AndCount(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        var n = 0;
        for (var i = 0; i < x.Length; i++) n += System.Numerics.BitOperations.PopCount(x[i] & y[i]);
        return n;
    }

    private static int BitsSet(ReadOnlySpan<ulong> bits, ReadOnlySpan<int> users)
    {
        var n = 0;
        foreach (var u in users) n += (int)((bits[u >> 6] >> (u & 63)) & 1);
        return n;
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
