namespace ResearchKit.Features.Transforms;

/// <summary>
/// Replaces the selected discrete columns by <c>dimensions</c> signed hashed columns <c>hash_0</c> … shared by all
/// of them (scikit-learn's FeatureHasher with alternate_sign; Weinberger et al. 2009): value v of column c adds
/// ξ(c, v) to bucket h(c, v) mod D. Needs no vocabulary, so unseen values at test time still get a bucket.
/// The other columns pass through in front of the hashed block. NaN adds nothing.
/// </summary>
public sealed class HashingEncoder : FeatureTransformer
{
    private readonly IReadOnlyList<string> _columns;
    private int[] _passthrough = [];
    private int[] _hashed = [];
    private uint[] _seeds = [];

    /// <summary>Creates an encoder hashing <paramref name="columns"/> into <paramref name="dimensions"/> buckets.</summary>
    public HashingEncoder(IReadOnlyList<string> columns, int dimensions = 32)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        _columns = columns;
        Dimensions = dimensions;
    }

    /// <summary>Number of hashed buckets.</summary>
    public int Dimensions { get; }

    /// <inheritdoc />
    public override string Name => "hashing";

    /// <inheritdoc />
    public override string Describe() => $"{Name}({Dimensions})";

    /// <inheritdoc />
    protected override IReadOnlyList<string> FitCore(FeatureSet train)
    {
        _hashed = Resolve(train, _columns);
        _seeds = new uint[_hashed.Length];
        for (var j = 0; j < _hashed.Length; j++) _seeds[j] = FeatureHashing.Hash(train.Columns[_hashed[j]]);
        var isHashed = new bool[train.ColumnCount];
        foreach (var c in _hashed) isHashed[c] = true;
        var pass = new List<int>();
        var output = new List<string>();
        for (var c = 0; c < train.ColumnCount; c++) if (!isHashed[c]) { pass.Add(c); output.Add(train.Columns[c]); }
        _passthrough = [.. pass];
        for (var k = 0; k < Dimensions; k++) output.Add($"hash_{k}");
        return output;
    }

    /// <inheritdoc />
    protected override void TransformRowCore(ReadOnlySpan<float> input, Span<float> output)
    {
        for (var j = 0; j < _passthrough.Length; j++) output[j] = input[_passthrough[j]];
        var block = output[_passthrough.Length..];
        block.Clear();
        for (var j = 0; j < _hashed.Length; j++)
        {
            var v = input[_hashed[j]];
            if (float.IsNaN(v)) continue;
            // Whole numbers (codes) hash as integers; other values by their bit pattern.
            var key = v == MathF.Round(v) && MathF.Abs(v) < int.MaxValue ? (int)v : BitConverter.SingleToInt32Bits(v);
            var (bucket, sign) = FeatureHashing.Bucket(FeatureHashing.Hash(key, _seeds[j]), Dimensions);
            block[bucket] += sign;
        }
    }
}
