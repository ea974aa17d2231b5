using System.Numerics.Tensors;

namespace ResearchKit.Models.Reinforcement;

/// <summary>
/// LinUCB with a shared linear model (Li, Chu, Langford &amp; Schapire 2010, "A contextual-bandit approach to
/// personalized news article recommendation"). The feature of arm a in context u is the element-wise product
/// <c>x = c_u ⊙ v_a</c> of a context vector and an arm vector (e.g. user and item factors), so the model learns a
/// weighted inner product <c>r ≈ Σ_k w_k c_uk v_ak</c>. Selection: <c>argmax_a wᵀx + α·√(xᵀA⁻¹x)</c> with
/// <c>A = λI + Σ xxᵀ</c>, <c>w = A⁻¹ Σ r x</c>; A⁻¹ is kept up to date with the Sherman–Morrison formula (O(d²) per update).
/// </summary>
public sealed class LinUcbPolicy : IBanditPolicy
{
    private readonly float[] _contexts;
    private readonly float[] _arms;
    private readonly int _dim;
    private readonly double[] _aInv;   // d × d
    private readonly double[] _b;      // d
    private readonly double[] _w;      // d, = A⁻¹ b
    private readonly double[] _x;      // scratch
    private readonly double[] _ax;     // scratch

    /// <summary>Creates the policy.</summary>
    /// <param name="contextFeatures">Contexts × dim, row-major.</param>
    /// <param name="armFeatures">Arms × dim, row-major.</param>
    /// <param name="dim">Feature dimension.</param>
    /// <param name="alpha">Width of the confidence bonus α (default 1).</param>
    /// <param name="regularization">Ridge λ (default 1).</param>
    public LinUcbPolicy(float[] contextFeatures, float[] armFeatures, int dim, double alpha = 1, double regularization = 1)
    {
        ArgumentNullException.ThrowIfNull(contextFeatures);
        ArgumentNullException.ThrowIfNull(armFeatures);
        if (dim < 1 || contextFeatures.Length % dim != 0 || armFeatures.Length % dim != 0 || armFeatures.Length == 0)
            throw new ArgumentException($"feature tables must be non-empty multiples of dim = {dim}.");
        if (!(alpha >= 0)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be ≥ 0.");
        if (!(regularization > 0)) throw new ArgumentOutOfRangeException(nameof(regularization), regularization, "regularization must be > 0.");
        _contexts = contextFeatures; _arms = armFeatures; _dim = dim;
        Alpha = alpha;
        Arms = armFeatures.Length / dim;
        _aInv = new double[dim * dim];
        for (var i = 0; i < dim; i++) _aInv[(i * dim) + i] = 1 / regularization;
        _b = new double[dim]; _w = new double[dim]; _x = new double[dim]; _ax = new double[dim];
    }

    /// <summary>Bonus width α.</summary>
    public double Alpha { get; }

    /// <summary>Number of arms.</summary>
    public int Arms { get; }

    /// <summary>The learned weights w = A⁻¹b (read-only view).</summary>
    public ReadOnlySpan<double> Weights => _w;

    /// <inheritdoc />
    public string Name => $"linucb({Alpha})";

    /// <inheritdoc />
    public int Select(int context, Random rng)
    {
        var best = 0; var bestValue = double.NegativeInfinity;
        for (var a = 0; a < Arms; a++)
        {
            Feature(context, a);
            var mean = TensorPrimitives.Dot<double>(_w, _x);
            var variance = QuadraticForm();
            var value = mean + (Alpha * Math.Sqrt(Math.Max(0, variance)));
            if (value > bestValue) { bestValue = value; best = a; }
        }
        return best;
    }

    /// <inheritdoc />
    public void Update(int context, int arm, double reward)
    {
        if ((uint)arm >= (uint)Arms) throw new ArgumentOutOfRangeException(nameof(arm), arm, $"Arm must be in [0, {Arms}).");
        Feature(context, arm);
        var d = _dim;
        // ax = A⁻¹x ; A⁻¹ ← A⁻¹ − ax·axᵀ / (1 + xᵀax)   (A⁻¹ is symmetric)
        for (var i = 0; i < d; i++) _ax[i] = TensorPrimitives.Dot<double>(_aInv.AsSpan(i * d, d), _x);
        var denom = 1 + TensorPrimitives.Dot<double>(_x, _ax);
        for (var i = 0; i < d; i++)
        {
            var row = _aInv.AsSpan(i * d, d);
            var scale = _ax[i] / denom;
            for (var j = 0; j < d; j++) row[j] -= scale * _ax[j];
        }
        for (var i = 0; i < d; i++) _b[i] += reward * _x[i];
        for (var i = 0; i < d; i++) _w[i] = TensorPrimitives.Dot<double>(_aInv.AsSpan(i * d, d), _b);
    }

    private void Feature(int context, int arm)
    {
        var c = _contexts.AsSpan(context * _dim, _dim);
        var v = _arms.AsSpan(arm * _dim, _dim);
        for (var k = 0; k < _dim; k++) _x[k] = c[k] * v[k];
    }

    private double QuadraticForm()
    {
        var d = _dim; double q = 0;
        for (var i = 0; i < d; i++) q += _x[i] * TensorPrimitives.Dot<double>(_aInv.AsSpan(i * d, d), _x);
        return q;
    }
}
