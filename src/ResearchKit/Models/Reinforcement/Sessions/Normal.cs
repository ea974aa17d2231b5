namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>The standard normal distribution's density, distribution function and quantile, for the sequential tests.</summary>
internal static class Normal
{
    /// <summary>φ(x) = exp(−x²/2)/√(2π).</summary>
    public static double Density(double x) => Math.Exp(-0.5 * x * x) / Math.Sqrt(2 * Math.PI);

    /// <summary>Φ(x) = erfc(−x/√2)/2, erfc by the Chebyshev fit of Numerical Recipes §6.2 (relative error &lt; 1.2e-7).</summary>
    public static double Cdf(double x)
    {
        var z = Math.Abs(x) / Math.Sqrt(2);
        var t = 1 / (1 + (0.5 * z));
        double[] coef = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        double poly = 0;
        for (var i = coef.Length - 1; i >= 0; i--) poly = coef[i] + (t * poly);
        var erfc = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? 1 - (0.5 * erfc) : 0.5 * erfc;
    }

    /// <summary>
    /// The mean of <paramref name="values"/>, their sample standard deviation s and the half-width z·s/√n of the
    /// normal-approximation interval at <paramref name="level"/> (NaN half-width and s below two values).
    /// </summary>
    public static (double Mean, double StandardDeviation, double HalfWidth) MeanInterval(ReadOnlySpan<double> values, double level = 0.95)
    {
        var n = values.Length;
        if (n == 0) return (double.NaN, double.NaN, double.NaN);
        double sum = 0;
        foreach (var v in values) sum += v;
        var mean = sum / n;
        if (n < 2) return (mean, double.NaN, double.NaN);
        double sq = 0;
        foreach (var v in values) sq += (v - mean) * (v - mean);
        var sd = Math.Sqrt(sq / (n - 1));
        return (mean, sd, Quantile(0.5 + (level / 2)) * sd / Math.Sqrt(n));
    }

    /// <summary>Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step.</summary>
    public static double Quantile(double p)
    {
        if (!(p is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "p must be in (0, 1).");
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q + c[5]) / ((((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1);
        }
        else if (p > 1 - 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q + c[5]) / ((((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1);
        }
        else
        {
            var q = p - 0.5; var r = q * q;
            x = (((((((((a[0] * r) + a[1]) * r) + a[2]) * r) + a[3]) * r) + a[4]) * r + a[5]) * q
                / ((((((((((b[0] * r) + b[1]) * r) + b[2]) * r) + b[3]) * r) + b[4]) * r) + 1);
        }
        var e = Cdf(x) - p;
        var u = e / Density(x);
        return x - (u / (1 + (x * u / 2)));
    }
}
