using System.Globalization;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>Options for <see cref="BiasedMfRecommender"/> (defaults are Surprise's SVD defaults, see docs/algorithms.md).</summary>
public sealed record BiasedMfOptions
{
    /// <summary>Latent dimension f (default 100).</summary>
    public int Factors { get; init; } = 100;
    /// <summary>Epochs over the ratings (default 20).</summary>
    public int Iterations { get; init; } = 20;
    /// <summary>SGD step size (default 0.005).</summary>
    public float LearningRate { get; init; } = 0.005f;
    /// <summary>L2 regularisation on biases and factors (default 0.02).</summary>
    public float Regularization { get; init; } = 0.02f;
    /// <summary>Initial factors are N(0, InitScale²) (default 0.1).</summary>
    public float InitScale { get; init; } = 0.1f;
    /// <summary>Random seed for initial factors and the per-epoch shuffle (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Factors < 1) throw new ArgumentException($"{nameof(Factors)} must be ≥ 1, got {Factors}.");
        if (Iterations < 1) throw new ArgumentException($"{nameof(Iterations)} must be ≥ 1, got {Iterations}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be > 0, got {LearningRate}.");
        if (!(Regularization >= 0)) throw new ArgumentException($"{nameof(Regularization)} must be ≥ 0, got {Regularization}.");
        if (!(InitScale > 0)) throw new ArgumentException($"{nameof(InitScale)} must be > 0, got {InitScale}.");
    }
}

/// <summary>
/// Biased matrix factorisation for explicit ratings (Koren, Bell &amp; Volinsky, "Matrix Factorization Techniques for
/// Recommender Systems", IEEE Computer 2009; Funk's SGD): <c>r̂_ui = μ + b_u + b_i + p_u·q_i</c>, fitted by SGD on the
/// squared error with L2 regularisation, one pass over the ratings in a seeded random order per epoch (single
/// thread, so bit-for-bit reproducible). <see cref="Predict"/> gives ratings for RMSE/MAE; scores rank by r̂.
/// Every interaction row counts as one rating (its value).
/// </summary>
public sealed class BiasedMfRecommender : FactorModelBase, IRatingPredictor
{
    private float[] _userBias = [];
    private float _mean;
    private float _min;
    private float _max;

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public BiasedMfRecommender(BiasedMfOptions? options = null)
    {
        Options = options ?? new BiasedMfOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public BiasedMfOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "mf";

    /// <summary>Global mean rating μ.</summary>
    public float GlobalMean => _mean;

    /// <summary>User biases b_u.</summary>
    public ReadOnlySpan<float> UserBias => _userBias;

    /// <summary>Training RMSE after each epoch of the last fit.</summary>
    public IReadOnlyList<double> RmseHistory { get; private set; } = [];

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        TrainingGuards.EnsureCollaborative(Name, train);
        var o = Options; var f = o.Factors;
        var log = train.Data.Interactions;
        var users = log.Users.ToArray(); var items = log.Items.ToArray(); var ratings = log.Values.ToArray();
        var count = ratings.Length;
        double sum = 0; float min = float.MaxValue, max = float.MinValue;
        foreach (var r in ratings) { sum += r; min = MathF.Min(min, r); max = MathF.Max(max, r); }
        var mean = (float)(sum / count);

        var rng = new SplitMix(o.Seed);
        var p = new float[train.UserCount * f]; var q = new float[train.ItemCount * f];
        for (var i = 0; i < p.Length; i++) p[i] = (float)(rng.NextGaussian() * o.InitScale);
        for (var i = 0; i < q.Length; i++) q[i] = (float)(rng.NextGaussian() * o.InitScale);
        var bu = new float[train.UserCount]; var bi = new float[train.ItemCount];
        var order = new int[count];
        for (var i = 0; i < count; i++) order[i] = i;
        var lr = o.LearningRate; var reg = o.Regularization;
        var history = new List<double>();
        var tmp = new float[f];

        for (var epoch = 1; epoch <= o.Iterations; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            for (var i = count - 1; i > 0; i--) { var j = rng.NextInt(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            double sq = 0;
            foreach (var row in order)
            {
                int u = users[row], it = items[row];
                var pu = p.AsSpan(u * f, f); var qi = q.AsSpan(it * f, f);
                var err = ratings[row] - (mean + bu[u] + bi[it] + FactorKernels.Dot(pu, qi));
                sq += err * err;
                bu[u] += lr * (err - (reg * bu[u]));
                bi[it] += lr * (err - (reg * bi[it]));
                // p += lr(err·q − λp); q += lr(err·p_old − λq)
                pu.CopyTo(tmp);
                System.Numerics.Tensors.TensorPrimitives.Multiply(pu, 1 - (lr * reg), pu);
                FactorKernels.Axpy(lr * err, qi, pu);
                System.Numerics.Tensors.TensorPrimitives.Multiply(qi, 1 - (lr * reg), qi);
                FactorKernels.Axpy(lr * err, tmp, qi);
            }
            var rmse = Math.Sqrt(sq / count);
            if (!double.IsFinite(rmse)) throw new ArithmeticException($"{Name}: training error diverged (NaN or infinity) at iteration {epoch}; lower the learning rate.");
            FactorKernels.EnsureFinite(Name, "factors", epoch, p);
            history.Add(rmse);
            progress?.Report(new FitProgress(Name, epoch, o.Iterations, rmse, $"epoch {epoch}: train RMSE {rmse:F4}"));
        }
        RmseHistory = history;
        _userBias = bu; _mean = mean; _min = min; _max = max;
        SetFactors(p, q, bi, f);
    }

    /// <inheritdoc />
    private protected override float ScoreOffset(int user) => _mean + _userBias[user];

    /// <summary>The predicted rating μ + b_u + b_i + p_u·q_i, clipped to the training ratings' range.</summary>
    public float Predict(int user, int item)
    {
        _ = Train;
        if ((uint)user >= (uint)Train.UserCount) throw new ArgumentOutOfRangeException(nameof(user), user, $"{Name}: user out of range.");
        if ((uint)item >= (uint)ItemCount) throw new ArgumentOutOfRangeException(nameof(item), item, $"{Name}: item out of range.");
        var r = _mean + _userBias[user] + ItemBias[item] + FactorKernels.Dot(UserVector(user), ItemVector(item));
        return Math.Clamp(r, _min, _max);
    }

    /// <inheritdoc />
    public override void Save(string path)
    {
        var file = ModelFile.Create(Name, Options, Train);
        WriteFactors(file);
        file.Add("user_bias", _userBias, _userBias.Length);
        file.Metadata["global_mean"] = _mean.ToString("R", CultureInfo.InvariantCulture);
        file.Metadata["rating_min"] = _min.ToString("R", CultureInfo.InvariantCulture);
        file.Metadata["rating_max"] = _max.ToString("R", CultureInfo.InvariantCulture);
        ModelFile.Save(file, path);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; <paramref name="train"/> is the set it was fitted on.</summary>
    public static BiasedMfRecommender Load(string path, TrainingSet train)
    {
        var file = ModelFile.Open(path, train, "mf");
        var model = new BiasedMfRecommender(ModelFile.Options<BiasedMfOptions>(file))
        {
            _userBias = file.GetFloat32("user_bias", out _),
            _mean = float.Parse(file.Metadata["global_mean"], CultureInfo.InvariantCulture),
            _min = float.Parse(file.Metadata["rating_min"], CultureInfo.InvariantCulture),
            _max = float.Parse(file.Metadata["rating_max"], CultureInfo.InvariantCulture),
        };
        model.ReadFactors(file, train);
        return model;
    }
}
