namespace ResearchKit.Models.Reinforcement;

/// <summary>Random variates the policies need, from a seeded <see cref="Random"/>.</summary>
public static class Sampling
{
    /// <summary>A standard normal variate (Box–Muller).</summary>
    public static double Normal(Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>A Gamma(shape, 1) variate (Marsaglia &amp; Tsang 2000; shape &lt; 1 via the boost Γ(a) = Γ(a+1)·U^(1/a)).</summary>
    public static double Gamma(Random rng, double shape)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (!(shape > 0)) throw new ArgumentOutOfRangeException(nameof(shape), shape, "shape must be > 0.");
        if (shape < 1) return Gamma(rng, shape + 1) * Math.Pow(1.0 - rng.NextDouble(), 1 / shape);
        var d = shape - (1.0 / 3);
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do { x = Normal(rng); v = 1 + (c * x); } while (v <= 0);
            v = v * v * v;
            var u = 1.0 - rng.NextDouble();
            if (u < 1 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1 - v + Math.Log(v)))) return d * v;
        }
    }

    /// <summary>A Beta(a, b) variate as X/(X+Y) with X ~ Γ(a), Y ~ Γ(b).</summary>
    public static double Beta(Random rng, double a, double b)
    {
        var x = Gamma(rng, a);
        var y = Gamma(rng, b);
        return x / (x + y);
    }
}
