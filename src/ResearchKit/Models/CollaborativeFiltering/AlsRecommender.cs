using System.Globalization;
using ResearchKit.Data;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>How <see cref="AlsRecommender"/> solves each row's least-squares problem.</summary>
public enum AlsSolver
{
    /// <summary>A few conjugate-gradient steps warm-started from the previous factors (Takács et al. 2011); fast.</summary>
    ConjugateGradient,
    /// <summary>The exact solve by Cholesky (Hu et al. 2008); O(f³) per row, for checking and small f.</summary>
    Cholesky,
}

/// <summary>Options for <see cref="AlsRecommender"/>; defaults tuned as described in docs/algorithms.md.</summary>
public sealed record AlsOptions
{
    /// <summary>Latent dimension f (default 64).</summary>
    public int Factors { get; init; } = 64;
    /// <summary>Alternating passes (one user half-step and one item half-step each; default 15).</summary>
    public int Iterations { get; init; } = 15;
    /// <summary>L2 regularisation λ on every factor vector (default 60; see docs/algorithms.md for why it is large).</summary>
    public float Regularization { get; init; } = 60f;
    /// <summary>Confidence slope α in c = 1 + α·r (default 2).</summary>
    public float Alpha { get; init; } = 2f;
    /// <summary>Conjugate-gradient steps per row and half-step (default 3, as implicit).</summary>
    public int CgSteps { get; init; } = 3;
    /// <summary>Row solver (default conjugate gradient).</summary>
    public AlsSolver Solver { get; init; } = AlsSolver.ConjugateGradient;
    /// <summary>Treat every observed value as 1 (default false: r is the summed interaction value).</summary>
    public bool Binary { get; init; }
    /// <summary>Initial factors are N(0, InitScale²) (default 0.01).</summary>
    public float InitScale { get; init; } = 0.01f;
    /// <summary>Start from the previous fit's factors when Fit is called again on the same shape (default false).</summary>
    public bool WarmStart { get; init; }
    /// <summary>Compute the training loss after each iteration (one extra O(f²(m+n) + f·nnz) pass; default false).</summary>
    public bool CalculateLoss { get; init; }
    /// <summary>Random seed for the initial factors (default 42).</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Worker threads; 0 = all cores (default). Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Factors < 1) throw new ArgumentException($"{nameof(Factors)} must be ≥ 1, got {Factors}.");
        if (Iterations < 1) throw new ArgumentException($"{nameof(Iterations)} must be ≥ 1, got {Iterations}.");
        if (!(Regularization > 0)) throw new ArgumentException($"{nameof(Regularization)} must be > 0, got {Regularization}.");
        if (!(Alpha >= 0)) throw new ArgumentException($"{nameof(Alpha)} must be ≥ 0, got {Alpha}.");
        if (CgSteps < 1) throw new ArgumentException($"{nameof(CgSteps)} must be ≥ 1, got {CgSteps}.");
        if (!(InitScale > 0)) throw new ArgumentException($"{nameof(InitScale)} must be > 0, got {InitScale}.");
        if (Threads < 0) throw new ArgumentException($"{nameof(Threads)} must be ≥ 0, got {Threads}.");
    }
}

/// <summary>
/// Implicit-feedback ALS (Hu, Koren &amp; Volinsky, "Collaborative Filtering for Implicit Feedback Datasets", ICDM 2008):
/// minimises <c>Σ_{u,i} c_ui (p_ui − x_u·y_i)² + λ(Σ|x_u|² + Σ|y_i|²)</c> with p = 1 for observed pairs, c = 1 + α·r,
/// alternating exact-in-expectation row solves for users and items. Rows are solved with the conjugate-gradient
/// method (Takács, Pilászy &amp; Tikk, RecSys 2011), warm-started, 3 steps by default, as in implicit.
/// Deterministic given the seed for any thread count (rows are independent).
/// </summary>
public sealed class AlsRecommender : FactorModelBase
{
    private float[] _itemGram = []; // YᵀY + λI of the final item factors, for fold-in

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public AlsRecommender(AlsOptions? options = null)
    {
        Options = options ?? new AlsOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public AlsOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "als";

    /// <summary>Training loss after each iteration of the last fit (filled when <see cref="AlsOptions.CalculateLoss"/>).</summary>
    public IReadOnlyList<double> LossHistory { get; private set; } = [];

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        TrainingGuards.EnsureCollaborative(Name, train);
        var o = Options; var f = o.Factors;
        var threads = o.Threads > 0 ? o.Threads : Environment.ProcessorCount;
        var m = train.UserCount; var n = train.ItemCount;
        var alpha = o.Alpha; var binary = o.Binary;
        var userItems = train.UserItems.MapValues(r => 1f + (alpha * (binary ? 1f : r)));
        var itemUsers = train.ItemUsers.MapValues(r => 1f + (alpha * (binary ? 1f : r)));

        float[] x, y;
        if (o.WarmStart && Factors == f && UserFactors.Length == m * f && ItemFactors.Length == n * f)
        {
            x = UserFactors.ToArray(); y = ItemFactors.ToArray();
        }
        else
        {
            var rng = new SplitMix(o.Seed);
            x = new float[m * f]; y = new float[n * f];
            for (var i = 0; i < x.Length; i++) x[i] = (float)(rng.NextGaussian() * o.InitScale);
            for (var i = 0; i < y.Length; i++) y[i] = (float)(rng.NextGaussian() * o.InitScale);
        }

        var losses = new List<double>();
        for (var it = 1; it <= o.Iterations; it++)
        {
            ct.ThrowIfCancellationRequested();
            SolveSide(userItems, y, x, f, threads, ct);
            FactorKernels.EnsureFinite(Name, "user factors", it, x);
            SolveSide(itemUsers, x, y, f, threads, ct);
            FactorKernels.EnsureFinite(Name, "item factors", it, y);
            var loss = double.NaN;
            if (o.CalculateLoss)
            {
                loss = Loss(userItems, x, y, f, threads);
                if (!double.IsFinite(loss)) throw new ArithmeticException($"{Name}: loss is {loss} at iteration {it}.");
                losses.Add(loss);
            }
            progress?.Report(new FitProgress(Name, it, o.Iterations, loss));
        }
        LossHistory = losses;
        _itemGram = FactorKernels.Gram(y, f, o.Regularization);
        SetFactors(x, y, null, f);
    }

    /// <summary>One half-step: every row of <paramref name="solve"/> is re-solved against the fixed <paramref name="fixedSide"/>.</summary>
    private void SolveSide(CsrMatrix confidence, float[] fixedSide, float[] solve, int f, int threads, CancellationToken ct)
    {
        var o = Options;
        var gram = FactorKernels.Gram(fixedSide, f, o.Regularization);
        var rows = confidence.Rows;
        const int chunk = 64;
        var chunks = (rows + chunk - 1) / chunk;
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct };
        if (o.Solver == AlsSolver.ConjugateGradient)
        {
            var longest = 0;
            for (var r = 0; r < rows; r++) longest = Math.Max(longest, confidence.RowLength(r));
            Parallel.For(0, chunks, po, () => new float[(3 * f) + (2 * longest)], (c, _, scratch) =>
            {
                var end = Math.Min(rows, (c + 1) * chunk);
                for (var r = c * chunk; r < end; r++)
                    AlsRowSolvers.ConjugateGradient(gram, fixedSide, confidence.RowIndices(r), confidence.RowValues(r),
                        solve.AsSpan(r * f, f), o.CgSteps, scratch);
                return scratch;
            }, _ => { });
        }
        else
        {
            Parallel.For(0, chunks, po, () => new double[(f * f) + f], (c, _, scratch) =>
            {
                var end = Math.Min(rows, (c + 1) * chunk);
                for (var r = c * chunk; r < end; r++)
                    AlsRowSolvers.Exact(gram, fixedSide, confidence.RowIndices(r), confidence.RowValues(r), solve.AsSpan(r * f, f), scratch);
                return scratch;
            }, _ => { });
        }
    }

    /// <summary>
    /// The objective per (user, item) pair: [Σ_u x_uᵀ(YᵀY)x_u + Σ_observed (c(1 − s)² − s²) + λ(|X|² + |Y|²)] / (m·n),
    /// where s = x_u·y_i; the first term counts every pair as unobserved with c = 1, the second corrects the observed ones.
    /// </summary>
    private double Loss(CsrMatrix confidence, float[] x, float[] y, int f, int threads)
    {
        var gram = FactorKernels.Gram(y, f, 0f);
        var rows = confidence.Rows;
        var partial = new double[rows];
        Parallel.For(0, rows, new ParallelOptions { MaxDegreeOfParallelism = threads }, () => new float[f], (u, _, tmp) =>
        {
            var xu = x.AsSpan(u * f, f);
            FactorKernels.SymMatVec(gram, xu, tmp);
            double sum = FactorKernels.Dot(xu, tmp);
            var idx = confidence.RowIndices(u); var conf = confidence.RowValues(u);
            for (var k = 0; k < idx.Length; k++)
            {
                double s = FactorKernels.Dot(xu, y.AsSpan(idx[k] * f, f));
                sum += (conf[k] * (1 - s) * (1 - s)) - (s * s);
            }
            partial[u] = sum;
            return tmp;
        }, _ => { });
        var total = 0.0;
        foreach (var p in partial) total += p; // fixed order: deterministic
        total += Options.Regularization * ((double)FactorKernels.Dot(x, x) + FactorKernels.Dot(y, y));
        return total / ((double)rows * confidence.Cols);
    }

    /// <summary>
    /// Cold-start fold-in: the factors a new (or changed) user would get from <paramref name="items"/> with values
    /// <paramref name="values"/> (null = all 1), by one exact row solve against the fitted item factors; no refit.
    /// </summary>
    public float[] FoldInUser(ReadOnlySpan<int> items, ReadOnlySpan<float> values = default)
    {
        _ = Train;
        var f = Factors; var o = Options;
        if (!values.IsEmpty && values.Length != items.Length) throw new ArgumentException("values must align with items.", nameof(values));
        var idx = items.ToArray(); var conf = new float[idx.Length];
        for (var k = 0; k < idx.Length; k++)
        {
            if ((uint)idx[k] >= (uint)ItemCount) throw new ArgumentOutOfRangeException(nameof(items), idx[k], $"{Name}: item out of range.");
            conf[k] = 1f + (o.Alpha * (values.IsEmpty || o.Binary ? 1f : values[k]));
        }
        Array.Sort(idx, conf);
        var x = new float[f];
        AlsRowSolvers.Exact(_itemGram, ItemFactors, idx, conf, x, new double[(f * f) + f]);
        return x;
    }

    /// <summary>Top-k items for a user known only by their interactions (fold-in, then score; the given items are excluded).</summary>
    public Recommendations RecommendForNewUser(ReadOnlySpan<int> items, int k, ReadOnlySpan<float> values = default)
    {
        var x = FoldInUser(items, values);
        var scores = new float[ItemCount];
        ScoreFactors(x, scores);
        foreach (var i in items) scores[i] = float.NegativeInfinity;
        return TopK.Select(scores, k);
    }

    /// <inheritdoc />
    public override void Save(string path)
    {
        var file = ModelFile.Create(Name, Options, Train);
        WriteFactors(file);
        file.Add("item_gram", _itemGram, Factors, Factors);
        file.Metadata["factors"] = Factors.ToString(CultureInfo.InvariantCulture);
        ModelFile.Save(file, path);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; <paramref name="train"/> is the set it was fitted on.</summary>
    public static AlsRecommender Load(string path, TrainingSet train)
    {
        var file = ModelFile.Open(path, train, "als");
        var model = new AlsRecommender(ModelFile.Options<AlsOptions>(file));
        model.ReadFactors(file, train);
        model._itemGram = file.GetFloat32("item_gram", out _);
        return model;
    }
}
