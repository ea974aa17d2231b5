using System.Globalization;
using ResearchKit.Features.Transforms;

namespace ResearchKit.Features.Decomposition;

/// <summary>
/// Principal component analysis by randomized SVD of the centred training matrix (<see cref="RandomizedSvd"/>,
/// Halko et al. 2011), as scikit-learn's PCA(svd_solver="randomized"): X − μ ≈ U S Vᵀ; the components are the rows
/// of Vᵀ; explained variance λ_j = s_j² / (m − 1); the explained-variance ratio divides by the total variance
/// Σ_c Var(X_c) (ddof 1), so the ratios of all components sum to 1. Transform: z = (x − μ) Vᵀ, divided by √λ when
/// whitening. Each component's sign is fixed so its largest-magnitude loading is positive (deterministic output).
/// The training matrix must have no missing values (put an <see cref="Imputer"/> first).
/// </summary>
public sealed class Pca : FeatureTransformer
{
    private double[] _mean = [];
    private double[] _components = [];
    private double[] _explained = [];
    private double[] _ratio = [];
    private double[] _singular = [];

    /// <summary>Creates a PCA with <paramref name="components"/> components.</summary>
    /// <param name="components">Number of components k (≤ min(rows, columns) at fit time).</param>
    /// <param name="oversampling">Extra random directions p (default 10, Halko et al. §4.2).</param>
    /// <param name="powerIterations">Subspace iterations q (default 4; more sharpens slowly decaying spectra).</param>
    /// <param name="seed">Seed of the random test matrix.</param>
    /// <param name="whiten">Scale each component to unit training variance.</param>
    public Pca(int components, int oversampling = 10, int powerIterations = 4, int seed = 42, bool whiten = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(components, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(oversampling);
        ArgumentOutOfRangeException.ThrowIfNegative(powerIterations);
        Components = components;
        Oversampling = oversampling;
        PowerIterations = powerIterations;
        Seed = seed;
        Whiten = whiten;
    }

    /// <summary>Number of components.</summary>
    public int Components { get; }

    /// <summary>Oversampling p.</summary>
    public int Oversampling { get; }

    /// <summary>Power iterations q.</summary>
    public int PowerIterations { get; }

    /// <summary>Seed.</summary>
    public int Seed { get; }

    /// <summary>Whether outputs are whitened.</summary>
    public bool Whiten { get; }

    /// <summary>Training column means μ.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Components Vᵀ, row-major k × d (row j = loadings of component j, unit length).</summary>
    public IReadOnlyList<double> ComponentMatrix => _components;

    /// <summary>Variance of the training data along each component, λ_j = s_j² / (m − 1).</summary>
    public IReadOnlyList<double> ExplainedVariance => _explained;

    /// <summary>λ_j / total variance.</summary>
    public IReadOnlyList<double> ExplainedVarianceRatio => _ratio;

    /// <summary>Singular values s_j of the centred training matrix.</summary>
    public IReadOnlyList<double> SingularValues => _singular;

    /// <inheritdoc />
    public override string Name => "pca";

    /// <inheritdoc />
    public override string Describe()
    {
        double sum = 0;
        foreach (var r in _ratio) sum += r;
        return $"pca({Components}{(Whiten ? ", whiten" : "")}; explains {sum.ToString("P1", CultureInfo.InvariantCulture)})";
    }

    /// <inheritdoc />
    protected override IReadOnlyList<string> FitCore(FeatureSet train)
    {
        int m = train.Rows, d = train.ColumnCount, k = Components;
        if (k > Math.Min(m, d)) throw new ArgumentException($"pca: {k} components requested but the training set has {m} rows × {d} columns.", nameof(train));
        var x = train.RawData;
        _mean = new double[d];
        for (var r = 0; r < m; r++)
            for (var c = 0; c < d; c++)
            {
                var v = x[r * d + c];
                if (float.IsNaN(v)) throw new ArgumentException($"pca: column '{train.Columns[c]}' has a missing value in row {r}; impute first (Imputer).", nameof(train));
                _mean[c] += v;
            }
        for (var c = 0; c < d; c++) _mean[c] /= m;
        var centred = new double[m * d];
        double total = 0;
        for (var r = 0; r < m; r++)
            for (var c = 0; c < d; c++)
            {
                var v = x[r * d + c] - _mean[c];
                centred[r * d + c] = v;
                total += v * v;
            }
        total /= Math.Max(m - 1, 1);

        var svd = RandomizedSvd.Compute(centred, m, d, k, Oversampling, PowerIterations, Seed);
        _singular = svd.SingularValues;
        _components = svd.RightVectors;
        _explained = new double[k];
        _ratio = new double[k];
        for (var j = 0; j < k; j++)
        {
            _explained[j] = _singular[j] * _singular[j] / Math.Max(m - 1, 1);
            _ratio[j] = total > 0 ? _explained[j] / total : 0;
            var row = _components.AsSpan(j * d, d);
            var largest = 0;
            for (var c = 1; c < d; c++) if (Math.Abs(row[c]) > Math.Abs(row[largest])) largest = c;
            if (row[largest] < 0) foreach (ref var v in row) v = -v;
        }
        var names = new string[k];
        for (var j = 0; j < k; j++) names[j] = "pc" + (j + 1).ToString(CultureInfo.InvariantCulture);
        return names;
    }

    /// <inheritdoc />
    protected override void TransformRowCore(ReadOnlySpan<float> input, Span<float> output)
    {
        var d = input.Length;
        for (var j = 0; j < output.Length; j++)
        {
            double sum = 0;
            var row = _components.AsSpan(j * d, d);
            for (var c = 0; c < d; c++) sum += (input[c] - _mean[c]) * row[c];
            if (Whiten) sum = _explained[j] > 0 ? sum / Math.Sqrt(_explained[j]) : 0;
            output[j] = (float)sum;
        }
    }
}
