using System.Buffers;
using ResearchKit.Serialization;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>
/// Shared machinery of latent-factor models (ALS, BPR, biased MF): the score of user u for item i is
/// <c>x_u · y_i + b_i + offset(u)</c>, with <c>x</c> the user factors (users × f, row-major), <c>y</c> the item factors
/// (items × f) and an optional item bias. Gives single and batch scoring, similar items/users by cosine of the
/// factors, and safetensors persistence (tensors <c>user_factors</c>, <c>item_factors</c>, optional <c>item_bias</c>).
/// </summary>
public abstract class FactorModelBase : RecommenderBase, IFactorScorer, ISimilarItems, IPersistentRecommender
{
    private float[] _userFactors = [];
    private float[] _itemFactors = [];
    private float[]? _itemBias;

    /// <summary>Latent dimension f.</summary>
    public int Factors { get; private set; }

    /// <summary>User factors, users × f row-major (read-only).</summary>
    public ReadOnlySpan<float> UserFactors => _userFactors;

    /// <summary>Item factors, items × f row-major (read-only).</summary>
    public ReadOnlySpan<float> ItemFactors => _itemFactors;

    /// <summary>Item biases (empty when the model has none).</summary>
    public ReadOnlySpan<float> ItemBias => _itemBias;

    /// <summary>Installs the learned factors (called at the end of a fit or a load).</summary>
    private protected void SetFactors(float[] userFactors, float[] itemFactors, float[]? itemBias, int factors)
    {
        _userFactors = userFactors; _itemFactors = itemFactors; _itemBias = itemBias; Factors = factors;
    }

    /// <summary>User-dependent constant added to every item's score (biased MF's μ + b_u); 0 by default.</summary>
    private protected virtual float ScoreOffset(int user) => 0f;

    /// <summary>Row <paramref name="user"/> of the user factors.</summary>
    public ReadOnlySpan<float> UserVector(int user) => _userFactors.AsSpan(user * Factors, Factors);

    /// <summary>Row <paramref name="item"/> of the item factors.</summary>
    public ReadOnlySpan<float> ItemVector(int item) => _itemFactors.AsSpan(item * Factors, Factors);

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        ScoreFactors(UserVector(user), scores);
        var offset = ScoreOffset(user);
        if (offset != 0f) System.Numerics.Tensors.TensorPrimitives.Add(scores, offset, scores);
    }

    /// <summary>Scores every item for an arbitrary user vector (e.g. one folded in): <c>Y·x + b</c>.</summary>
    public void ScoreFactors(ReadOnlySpan<float> userVector, Span<float> scores)
    {
        var f = Factors;
        if (userVector.Length != f) throw new ArgumentException($"{Name}: user vector must have {f} entries.", nameof(userVector));
        var n = scores.Length;
        for (var i = 0; i < n; i++) scores[i] = FactorKernels.Dot(userVector, _itemFactors.AsSpan(i * f, f));
        if (_itemBias is not null) System.Numerics.Tensors.TensorPrimitives.Add(scores, _itemBias, scores);
    }

    /// <inheritdoc />
    public void ScoreBatch(ReadOnlySpan<int> users, Span<float> scores)
    {
        var n = ItemCount;
        if (scores.Length != users.Length * n) throw new ArgumentException($"{Name}: scores must hold users × items = {users.Length * n} entries.", nameof(scores));
        foreach (var u in users) if ((uint)u >= (uint)Train.UserCount) throw new ArgumentOutOfRangeException(nameof(users), u, $"{Name}: user out of range.");
        // One GEMM S = X_users · Yᵀ (packed, register-tiled, parallel; see Numerics.Blas).
        var f = Factors;
        var ids = users.ToArray();
        var x = ArrayPool<float>.Shared.Rent(ids.Length * f);
        for (var b = 0; b < ids.Length; b++) UserVector(ids[b]).CopyTo(x.AsSpan(b * f, f));
        Numerics.Blas.Sgemm(false, true, ids.Length, n, f, 1f, x.AsSpan(0, ids.Length * f), f, _itemFactors, f, 0f, scores, n);
        ArrayPool<float>.Shared.Return(x);
        for (var b = 0; b < ids.Length; b++)
        {
            var row = scores.Slice(b * n, n);
            if (_itemBias is not null) System.Numerics.Tensors.TensorPrimitives.Add(row, _itemBias, row);
            var offset = ScoreOffset(ids[b]);
            if (offset != 0f) System.Numerics.Tensors.TensorPrimitives.Add(row, offset, row);
        }
    }

    /// <inheritdoc />
    public void GatherUserVectors(ReadOnlySpan<int> users, Span<float> vectors, Span<float> offsets)
    {
        var f = Factors;
        if (vectors.Length < users.Length * f || offsets.Length < users.Length)
            throw new ArgumentException($"{Name}: buffers must hold {users.Length} vectors of {f} and {users.Length} offsets.");
        for (var b = 0; b < users.Length; b++)
        {
            var u = users[b];
            if ((uint)u >= (uint)Train.UserCount) throw new ArgumentOutOfRangeException(nameof(users), u, $"{Name}: user out of range.");
            UserVector(u).CopyTo(vectors.Slice(b * f, f));
            offsets[b] = ScoreOffset(u);
        }
    }

    /// <summary>Items whose factor vectors have the highest cosine with <paramref name="item"/>'s (itself excluded).</summary>
    public Recommendations SimilarItems(int item, int k)
    {
        _ = Train;
        if ((uint)item >= (uint)ItemCount) throw new ArgumentOutOfRangeException(nameof(item), item, $"{Name}: item out of range.");
        return MostSimilar(_itemFactors, item, k);
    }

    /// <summary>Users whose factor vectors have the highest cosine with <paramref name="user"/>'s (itself excluded).</summary>
    public Recommendations SimilarUsers(int user, int k)
    {
        _ = Train;
        if ((uint)user >= (uint)Train.UserCount) throw new ArgumentOutOfRangeException(nameof(user), user, $"{Name}: user out of range.");
        return MostSimilar(_userFactors, user, k);
    }

    private Recommendations MostSimilar(float[] rows, int row, int k)
    {
        var f = Factors; var count = rows.Length / f;
        var query = rows.AsSpan(row * f, f);
        var qn = MathF.Sqrt(FactorKernels.Dot(query, query));
        var sims = new float[count];
        for (var r = 0; r < count; r++)
        {
            var v = rows.AsSpan(r * f, f);
            var norm = MathF.Sqrt(FactorKernels.Dot(v, v)) * qn;
            sims[r] = norm > 0 ? FactorKernels.Dot(query, v) / norm : 0f;
        }
        sims[row] = float.NegativeInfinity;
        return TopK.Select(sims, k);
    }

    /// <summary>Adds the factor tensors to a model file (subclasses add their scalars to the metadata).</summary>
    private protected void WriteFactors(SafeTensorsFile file)
    {
        var f = Factors;
        file.Add("user_factors", _userFactors, _userFactors.Length / f, f);
        file.Add("item_factors", _itemFactors, _itemFactors.Length / f, f);
        if (_itemBias is not null) file.Add("item_bias", _itemBias, _itemBias.Length);
    }

    /// <summary>Restores the factor tensors from a model file and marks the model fitted on <paramref name="train"/>.</summary>
    private protected void ReadFactors(SafeTensorsFile file, TrainingSet train)
    {
        var user = file.GetFloat32("user_factors", out var us);
        var item = file.GetFloat32("item_factors", out var its);
        if (us.Length != 2 || its.Length != 2 || us[1] != its[1] || us[0] != train.UserCount || its[0] != train.ItemCount)
            throw new InvalidDataException($"{Name}: factor shapes [{string.Join(",", us)}] / [{string.Join(",", its)}] do not match {train.UserCount} users × {train.ItemCount} items.");
        var bias = file.Contains("item_bias") ? file.GetFloat32("item_bias", out _) : null;
        SetFactors(user, item, bias, us[1]);
        AttachTrainingSet(train);
    }

    /// <inheritdoc />
    public abstract void Save(string path);
}
