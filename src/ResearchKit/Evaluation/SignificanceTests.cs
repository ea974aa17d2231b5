namespace ResearchKit.Evaluation;

/// <summary>The outcome of a one-sided paired test of "A is better than B" on one metric.</summary>
/// <param name="Metric">The metric compared.</param>
/// <param name="Users">Users with a defined value under both models.</param>
/// <param name="MeanA">Mean of A over those users.</param>
/// <param name="MeanB">Mean of B over those users.</param>
/// <param name="MeanDifference">Mean of (A − B).</param>
/// <param name="Statistic">t statistic (t-test) or the observed mean difference (bootstrap).</param>
/// <param name="PValue">One-sided p-value for H1: mean(A − B) &gt; 0.</param>
/// <param name="Method">"paired t-test" or "paired bootstrap".</param>
public sealed record PairedComparison(string Metric, int Users, double MeanA, double MeanB, double MeanDifference, double Statistic, double PValue, string Method);

/// <summary>
/// Paired tests over the users both reports evaluated (matched by dense user id): the paired t-test (Student) and
/// the paired bootstrap (Efron and Tibshirani 1993, §16.4: resample per-user differences, centre them on the null).
/// Both are one-sided for "A better than B" (higher is better; for errors such as RMSE swap A and B).
/// </summary>
public static class SignificanceTests
{
    /// <summary>Paired t-test: t = d̄ / (s_d / √n), p = P(T_{n−1} ≥ t).</summary>
    public static PairedComparison PairedTTest(EvaluationReport a, EvaluationReport b, string metric)
    {
        var (x, y) = Align(a, b, metric);
        var d = Differences(x, y);
        var n = d.Length;
        if (n < 2) return new PairedComparison(metric, n, Mean(x), Mean(y), Mean(d), double.NaN, double.NaN, "paired t-test");
        var mean = Mean(d);
        double ss = 0;
        foreach (var v in d) ss += (v - mean) * (v - mean);
        var sd = Math.Sqrt(ss / (n - 1));
        double t, p;
        if (sd == 0) { t = mean == 0 ? 0 : Math.CopySign(double.PositiveInfinity, mean); p = mean > 0 ? 0 : mean < 0 ? 1 : 0.5; }
        else { t = mean / (sd / Math.Sqrt(n)); p = StudentTUpperTail(t, n - 1); }
        return new PairedComparison(metric, n, Mean(x), Mean(y), mean, t, p, "paired t-test");
    }

    /// <summary>
    /// Paired bootstrap: resample users' differences with replacement; p = (1 + #{d̄* − d̄ ≥ d̄}) / (B + 1).
    /// </summary>
    public static PairedComparison PairedBootstrap(EvaluationReport a, EvaluationReport b, string metric, int resamples = 10_000, int seed = 42)
    {
        if (resamples < 1) throw new ArgumentException($"resamples must be ≥ 1, got {resamples}.", nameof(resamples));
        var (x, y) = Align(a, b, metric);
        var d = Differences(x, y);
        var mean = Mean(d);
        if (d.Length == 0) return new PairedComparison(metric, 0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, "paired bootstrap");
        var rng = new Random(seed);
        var extreme = 0;
        for (var r = 0; r < resamples; r++)
        {
            double sum = 0;
            for (var i = 0; i < d.Length; i++) sum += d[rng.Next(d.Length)];
            if ((sum / d.Length) - mean >= mean) extreme++;
        }
        return new PairedComparison(metric, d.Length, Mean(x), Mean(y), mean, mean, (1.0 + extreme) / (resamples + 1.0), "paired bootstrap");
    }

    /// <summary>P(T ≥ t) for Student's t with <paramref name="df"/> degrees of freedom, via the regularised incomplete beta.</summary>
    public static double StudentTUpperTail(double t, double df)
    {
        if (double.IsNaN(t)) return double.NaN;
        var tail = 0.5 * RegularizedIncompleteBeta(df / (df + (t * t)), df / 2, 0.5);
        return t >= 0 ? tail : 1 - tail;
    }

    /// <summary>I_x(a, b) by the continued fraction of Numerical Recipes (3rd ed., §6.4).</summary>
    public static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        var lnFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + (a * Math.Log(x)) + (b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? Math.Exp(lnFront) * ContinuedFraction(x, a, b) / a
            : 1 - (Math.Exp(lnFront) * ContinuedFraction(1 - x, b, a) / b);
    }

    private static double ContinuedFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - (qab * x / qap);
        if (Math.Abs(d) < Tiny) d = Tiny;
        d = 1 / d;
        var h = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + (aa * d); if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + (aa / c); if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d; h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + (aa * d); if (Math.Abs(d) < Tiny) d = Tiny;
            c = 1 + (aa / c); if (Math.Abs(c) < Tiny) c = Tiny;
            d = 1 / d;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-15) break;
        }
        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos approximation, g = 7, 9 terms; ~1e-15 relative).</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        x -= 1;
        var s = c[0];
        for (var i = 1; i < 9; i++) s += c[i] / (x + i);
        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(s);
    }

    private static (double[] A, double[] B) Align(EvaluationReport a, EvaluationReport b, string metric)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var va = a.PerUser(metric); var vb = b.PerUser(metric);
        var ua = a.Users; var ub = b.Users;
        var x = new List<double>(); var y = new List<double>();
        int i = 0, j = 0;
        while (i < ua.Length && j < ub.Length)
        {
            if (ua[i] < ub[j]) { i++; continue; }
            if (ua[i] > ub[j]) { j++; continue; }
            if (!double.IsNaN(va[i]) && !double.IsNaN(vb[j])) { x.Add(va[i]); y.Add(vb[j]); }
            i++; j++;
        }
        return (x.ToArray(), y.ToArray());
    }

    private static double[] Differences(double[] x, double[] y)
    {
        var d = new double[x.Length];
        for (var i = 0; i < d.Length; i++) d[i] = x[i] - y[i];
        return d;
    }

    private static double Mean(double[] v)
    {
        if (v.Length == 0) return double.NaN;
        double s = 0;
        foreach (var x in v) s += x;
        return s / v.Length;
    }
}
