using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Models.Reinforcement.AbTesting;

/// <summary>
/// A two-sided group-sequential design with O'Brien–Fleming boundaries (O'Brien &amp; Fleming 1979; Jennison &amp;
/// Turnbull 2000, ch. 2): K equally spaced looks, and at look k the test rejects when |Z_k| ≥ C·√(K/k). On the
/// Brownian scale S_k = Z_k·√(k/K) the boundary is the constant C, so C solves P₀(max_k |S_k| ≥ C) = α, computed
/// exactly (to grid error) by the numerical-integration recursion of Armitage, McPherson &amp; Rowe (1969) over the
/// continuation region. Early looks need overwhelming evidence; the last boundary is only a little above the
/// fixed-sample z_{1−α/2}, so almost no power is lost for the option to stop early.
/// </summary>
public sealed class GroupSequentialDesign
{
    private const int Grid = 201;

    /// <summary>Designs K = <paramref name="looks"/> looks at two-sided level <paramref name="alpha"/>.</summary>
    public GroupSequentialDesign(int looks = 5, double alpha = 0.05)
    {
        if (looks is < 1 or > 50) throw new ArgumentOutOfRangeException(nameof(looks), looks, "looks must be in [1, 50].");
        if (!(alpha is > 0 and < 0.5)) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must be in (0, 0.5).");
        Looks = looks; Alpha = alpha;
        double lo = Normal.Quantile(1 - (alpha / 2)) * 0.99, hi = 6;
        for (var i = 0; i < 40; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (CrossingProbability(mid, 0) > alpha) lo = mid; else hi = mid;
        }
        Constant = 0.5 * (lo + hi);
    }

    /// <summary>Number of looks K.</summary>
    public int Looks { get; }
    /// <summary>Two-sided type-I error α.</summary>
    public double Alpha { get; }
    /// <summary>The Brownian-scale boundary C.</summary>
    public double Constant { get; }

    /// <summary>The z boundary at look <paramref name="look"/> (1-based): C·√(K/k).</summary>
    public double ZBoundary(int look)
    {
        if (look < 1 || look > Looks) throw new ArgumentOutOfRangeException(nameof(look), look, $"look must be in [1, {Looks}].");
        return Constant * Math.Sqrt((double)Looks / look);
    }

    /// <summary>
    /// Probability of rejecting at some look when the standardised drift is <paramref name="drift"/> = δ/se_K, the
    /// true difference over the standard error of the difference at the final look (0 gives α).
    /// </summary>
    public double Power(double drift) => CrossingProbability(Constant, drift);

    /// <summary>The drift δ/se_K that is detected with probability <paramref name="power"/>.</summary>
    public double DriftForPower(double power = 0.8)
    {
        if (!(power > Alpha && power < 1)) throw new ArgumentOutOfRangeException(nameof(power), power, $"power must be in (α = {Alpha}, 1).");
        double lo = 0, hi = 10;
        for (var i = 0; i < 40; i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Power(mid) < power) lo = mid; else hi = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>
    /// Minimum detectable effect: the difference in means detected with probability <paramref name="power"/> when
    /// each arm ends with <paramref name="sessionsPerArm"/> sessions of standard deviation <paramref name="sd"/>:
    /// drift × sd·√(2/n).
    /// </summary>
    public double MinimumDetectableEffect(double sd, int sessionsPerArm, double power = 0.8)
    {
        if (!(sd > 0)) throw new ArgumentOutOfRangeException(nameof(sd), sd, "sd must be > 0.");
        ArgumentOutOfRangeException.ThrowIfLessThan(sessionsPerArm, 2);
        return DriftForPower(power) * sd * Math.Sqrt(2.0 / sessionsPerArm);
    }

    /// <summary>Sessions per arm needed to detect a difference <paramref name="effect"/> with <paramref name="power"/>.</summary>
    public int SessionsPerArm(double effect, double sd, double power = 0.8)
    {
        if (!(effect > 0) || !(sd > 0)) throw new ArgumentOutOfRangeException(nameof(effect), effect, "effect and sd must be > 0.");
        var drift = DriftForPower(power);
        return (int)Math.Ceiling(2 * Math.Pow(drift * sd / effect, 2));
    }

    /// <summary>P(∃k: |S_k| ≥ c) where S has independent increments N(drift/K, 1/K), by grid recursion on [−c, c].</summary>
    private double CrossingProbability(double c, double drift)
    {
        var k = Looks;
        var step = drift / k;
        var sd = Math.Sqrt(1.0 / k);
        var h = 2 * c / (Grid - 1);
        Span<double> f = stackalloc double[Grid];
        Span<double> next = stackalloc double[Grid];
        // Look 1: S_1 ~ N(step, 1/K).
        var crossed = 1 - Normal.Cdf((c - step) / sd) + Normal.Cdf((-c - step) / sd);
        for (var i = 0; i < Grid; i++) f[i] = Normal.Density((-c + (i * h) - step) / sd) / sd;
        for (var look = 2; look <= k; look++)
        {
            next.Clear();
            for (var i = 0; i < Grid; i++)
            {
                var x = -c + (i * h);
                var mass = f[i] * h * (i == 0 || i == Grid - 1 ? 0.5 : 1); // trapezoid weight
                if (mass == 0) continue;
                crossed += mass * (1 - Normal.Cdf((c - x - step) / sd) + Normal.Cdf((-c - x - step) / sd));
                if (look == k) continue;
                for (var j = 0; j < Grid; j++)
                    next[j] += mass * Normal.Density((-c + (j * h) - x - step) / sd) / sd;
            }
            next.CopyTo(f);
        }
        return crossed;
    }
}
