namespace ResearchKit.Tensors;

/// <summary>Seeded parameter initialisers (all draw from the <see cref="Random"/> they are given).</summary>
public static class Init
{
    /// <summary>Fills with U(−bound, bound).</summary>
    public static void Uniform(Span<float> values, float bound, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (var i = 0; i < values.Length; i++) values[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
    }

    /// <summary>Fills with N(0, std²) (Box–Muller).</summary>
    public static void Normal(Span<float> values, float std, Random rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        for (var i = 0; i < values.Length; i += 2)
        {
            var u1 = 1.0 - rng.NextDouble(); var u2 = rng.NextDouble();
            var r = Math.Sqrt(-2 * Math.Log(u1)) * std;
            values[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < values.Length) values[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
        }
    }

    /// <summary>Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))) (Glorot &amp; Bengio 2010).</summary>
    public static void XavierUniform(Span<float> values, int fanIn, int fanOut, Random rng) =>
        Uniform(values, MathF.Sqrt(6f / Math.Max(1, fanIn + fanOut)), rng);

    /// <summary>PyTorch's default for <c>nn.Linear</c>: U(±1/√fanIn) (kaiming_uniform with a = √5).</summary>
    public static void LinearDefault(Span<float> values, int fanIn, Random rng) =>
        Uniform(values, 1f / MathF.Sqrt(Math.Max(1, fanIn)), rng);
}
