using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Hashed TF-IDF bag of words of item titles (columns <c>title_h0</c> … <c>title_h{D−1}</c>).
/// Tokens are maximal letter/digit runs, case-folded. Weight of token t in title d:
/// tf(t, d) · idf(t) with idf(t) = ln((1 + N) / (1 + df(t))) + 1 (scikit-learn's smooth idf; N = titled items),
/// added with its sign to bucket h(t) mod D (<see cref="FeatureHashing"/>); each row is then L2-normalised.
/// Document frequencies come from the catalog's titles, which carry no timestamps and so cannot leak test events.
/// Items without a title get a zero row.
/// </summary>
public static class TitleTfIdf
{
    internal static void Append(ColumnAccumulator acc, ItemCatalog catalog, int itemCount, int dimensions)
    {
        var matrix = Compute(catalog.Title.AsSpan(0, Math.Min(itemCount, catalog.Count)), dimensions);
        var cols = new float[dimensions][];
        for (var k = 0; k < dimensions; k++) cols[k] = acc.AddNew($"title_h{k}");
        var rows = matrix.Length / dimensions;
        for (var i = 0; i < rows; i++)
            for (var k = 0; k < dimensions; k++) cols[k][i] = matrix[i * dimensions + k];
    }

    /// <summary>The row-major titles × <paramref name="dimensions"/> TF-IDF matrix (see the class remarks).</summary>
    public static float[] Compute(ReadOnlySpan<string?> titles, int dimensions)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        // Pass 1: document frequency per token hash (each token counted once per title).
        var df = new Dictionary<uint, int>();
        var distinct = new List<uint>();
        var titled = 0;
        foreach (var title in titles)
        {
            if (title is null) continue;
            titled++;
            distinct.Clear();
            FeatureHashing.Tokenize(title, token =>
            {
                var h = FeatureHashing.Hash(token);
                if (!distinct.Contains(h)) distinct.Add(h);
            });
            foreach (var h in distinct) df[h] = df.GetValueOrDefault(h) + 1;
        }
        // Pass 2: signed tf·idf into buckets (tf accumulates because a repeated token is added again), then L2.
        var result = new float[titles.Length * dimensions];
        for (var i = 0; i < titles.Length; i++)
        {
            var title = titles[i];
            if (title is null) continue;
            var row = result.AsSpan(i * dimensions, dimensions);
            var offset = i * dimensions;
            FeatureHashing.Tokenize(title, token =>
            {
                var h = FeatureHashing.Hash(token);
                var idf = Math.Log((1.0 + titled) / (1.0 + df[h])) + 1.0;
                var (bucket, sign) = FeatureHashing.Bucket(h, dimensions);
                result[offset + bucket] += (float)(sign * idf);
            });
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(row));
            if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(row, norm, row);
        }
        return result;
    }
}
