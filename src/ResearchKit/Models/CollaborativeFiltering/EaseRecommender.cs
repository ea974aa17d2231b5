using System.Globalization;
using ResearchKit.Numerics;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>Options for <see cref="EaseRecommender"/>.</summary>
public sealed record EaseOptions
{
    /// <summary>L2 regularisation λ added to the Gram matrix diagonal (default 250; Steck used 200–1000).</summary>
    public double Regularization { get; init; } = 250;
    /// <summary>Use 1 for every observed pair (default true, as in the paper) instead of the summed value.</summary>
    public bool Binary { get; init; } = true;
    /// <summary>Refuse item counts above this (default 30 000: ≈ 7.5 GiB of working memory).</summary>
    public int MaxItems { get; init; } = 30_000;
    /// <summary>Worker threads of the Gram and weight loops; 0 = all cores (default). The inverse's GEMMs follow <see cref="Numerics.Blas.MaxDegreeOfParallelism"/>.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (!(Regularization > 0)) throw new ArgumentException($"{nameof(Regularization)} must be > 0, got {Regularization}.");
        if (MaxItems < 1) throw new ArgumentException($"{nameof(MaxItems)} must be ≥ 1, got {MaxItems}.");
        if (Threads < 0) throw new ArgumentException($"{nameof(Threads)} must be ≥ 0, got {Threads}.");
    }
}

/// <summary>
/// EASE, the embarrassingly shallow autoencoder (Steck, "Embarrassingly Shallow Autoencoders for Sparse Data",
/// WWW 2019): the item–item weights minimising |X − XB|² + λ|B|² subject to diag(B) = 0 have the closed form
/// <c>B = I − P·diag(1/diag(P))</c> with <c>P = (XᵀX + λI)⁻¹</c>, i.e. B_ij = −P_ij / P_jj off the diagonal.
/// The inverse is dense (items² floats), computed by <see cref="SpdInverse"/>: a blocked Cholesky factorisation and
/// inverse whose work runs in the kit's SIMD GEMM (float32; within ≈ 10⁻⁵ relative of a double solve, see
/// docs/algorithms.md); B overwrites P in place. Scores are <c>x_u·B</c>.
/// </summary>
public sealed class EaseRecommender : RecommenderBase, ISimilarItems, IPersistentRecommender
{
    private float[] _weights = []; // B, items × items row-major

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public EaseRecommender(EaseOptions? options = null)
    {
        Options = options ?? new EaseOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public EaseOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "ease";

    /// <summary>The learned item–item weights B (items × items row-major, zero diagonal).</summary>
    public ReadOnlySpan<float> Weights => _weights;

    /// <summary>Bytes of working memory a fit on <paramref name="items"/> items needs (Gram/L/inverse/B in one float matrix, L⁻¹ in another, half-size scratch).</summary>
    public static long MemoryNeeded(int items) => (long)items * items * (4 + 4 + 1);

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        TrainingGuards.EnsureCollaborative(Name, train);
        var n = train.ItemCount;
        var need = MemoryNeeded(n);
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (n > Options.MaxItems || need > available * 0.8)
            throw new InvalidOperationException(
                $"{Name}: {n:N0} items need a dense {n:N0}×{n:N0} inverse, about {need / (1024.0 * 1024 * 1024):F1} GiB of memory " +
                $"(limit: {Options.MaxItems:N0} items, {available * 0.8 / (1024.0 * 1024 * 1024):F1} GiB available); " +
                "filter rare items first or use itemknn/als.");
        var threads = Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount;
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct };
        var userItems = train.UserItems; var itemUsers = train.ItemUsers;
        var binary = Options.Binary;

        // G = XᵀX + λI: row i gathers, for each user of item i, that user's row; rows are written by one thread each.
        // Binary counts are integers, exact in float up to 2²⁴.
        var g = new float[(long)n * n];
        var lambda = (float)Options.Regularization;
        Parallel.For(0, n, po, i =>
        {
            var row = g.AsSpan(i * n, n);
            var users = itemUsers.RowIndices(i); var xi = itemUsers.RowValues(i);
            for (var k = 0; k < users.Length; k++)
            {
                var w = binary ? 1f : xi[k];
                var idx = userItems.RowIndices(users[k]); var val = userItems.RowValues(users[k]);
                for (var p = 0; p < idx.Length; p++) row[idx[p]] += w * (binary ? 1f : val[p]);
            }
            row[i] += lambda;
        });
        progress?.Report(new FitProgress(Name, 1, 3, Message: "Gram matrix"));

        SpdInverse.InvertInPlace(g, n, ct);   // its GEMMs use Blas.MaxDegreeOfParallelism threads
        progress?.Report(new FitProgress(Name, 2, 3, Message: "inverse"));

        // B = I − P·diag(1/diag(P)), written over P: B_ij = −P_ij / P_jj, zero diagonal.
        var diag = new float[n];
        for (var j = 0; j < n; j++) diag[j] = g[((long)j * n) + j];
        var scale = new float[n];
        for (var j = 0; j < n; j++) scale[j] = -1f / diag[j];
        Parallel.For(0, n, po, i =>
        {
            var row = g.AsSpan(i * n, n);
            System.Numerics.Tensors.TensorPrimitives.Multiply(row, scale, row);
            row[i] = 0f;
        });
        var b = g;
        FactorKernels.EnsureFinite(Name, "weights", 1, b);
        _weights = b;
        progress?.Report(new FitProgress(Name, 3, 3));
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        var n = ItemCount;
        scores.Clear();
        var idx = Train.UserItems.RowIndices(user); var val = Train.UserItems.RowValues(user);
        for (var k = 0; k < idx.Length; k++)
            FactorKernels.Axpy(Options.Binary ? 1f : val[k], _weights.AsSpan(idx[k] * n, n), scores);
    }

    /// <summary>The items with the largest weight B[item, j] (how much having <paramref name="item"/> predicts j).</summary>
    public Recommendations SimilarItems(int item, int k)
    {
        var n = ItemCount;
        if ((uint)item >= (uint)n) throw new ArgumentOutOfRangeException(nameof(item), item, $"{Name}: item out of range.");
        var row = _weights.AsSpan(item * n, n).ToArray();
        row[item] = float.NegativeInfinity;
        return TopK.Select(row, k);
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        var file = ModelFile.Create(Name, Options, Train);
        file.Add("weights", _weights, ItemCount, ItemCount);
        ModelFile.Save(file, path);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; <paramref name="train"/> is the set it was fitted on.</summary>
    public static EaseRecommender Load(string path, TrainingSet train)
    {
        var file = ModelFile.Open(path, train, "ease");
        var model = new EaseRecommender(ModelFile.Options<EaseOptions>(file));
        model._weights = file.GetFloat32("weights", out var shape);
        if (shape.Length != 2 || shape[0] != train.ItemCount || shape[1] != train.ItemCount)
            throw new InvalidDataException($"{path}: weights shape [{string.Join(",", shape)}] is not {train.ItemCount.ToString(CultureInfo.InvariantCulture)}².");
        model.AttachTrainingSet(train);
        return model;
    }
}
