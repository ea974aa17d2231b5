namespace ResearchKit.Data.Synthetic;

/// <summary>Options for <see cref="PlantedTasteData"/>; the defaults give a MovieLens-100k-shaped data set.</summary>
public sealed record PlantedTasteOptions
{
    /// <summary>Users (default 943, as MovieLens 100k).</summary>
    public int Users { get; init; } = 943;
    /// <summary>Items (default 1682).</summary>
    public int Items { get; init; } = 1682;
    /// <summary>Target number of interactions (default 100 000).</summary>
    public int Interactions { get; init; } = 100_000;
    /// <summary>Fewest interactions per user (default 20, as MovieLens).</summary>
    public int MinPerUser { get; init; } = 20;
    /// <summary>Rank of the planted taste (default 8).</summary>
    public int Rank { get; init; } = 8;
    /// <summary>Zipf exponent of item popularity (default 1.0: a long tail).</summary>
    public double PopularityExponent { get; init; } = 1.0;
    /// <summary>Weight of taste against popularity in the choice logit (default 1.5).</summary>
    public double TasteWeight { get; init; } = 1.5;
    /// <summary>Emit 1–5 star ratings correlated with taste (default true); false gives value 1 views.</summary>
    public bool Ratings { get; init; } = true;
    /// <summary>Seed (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Users < 2) throw new ArgumentException($"{nameof(Users)} must be ≥ 2, got {Users}.");
        if (Items < 2) throw new ArgumentException($"{nameof(Items)} must be ≥ 2, got {Items}.");
        if (MinPerUser < 1 || MinPerUser > Items) throw new ArgumentException($"{nameof(MinPerUser)} must be in [1, {Items}], got {MinPerUser}.");
        if (Interactions < Users * MinPerUser) throw new ArgumentException($"{nameof(Interactions)} must be ≥ Users × MinPerUser = {Users * MinPerUser}, got {Interactions}.");
        if (Rank < 1) throw new ArgumentException($"{nameof(Rank)} must be ≥ 1, got {Rank}.");
        if (!(PopularityExponent >= 0)) throw new ArgumentException($"{nameof(PopularityExponent)} must be ≥ 0, got {PopularityExponent}.");
        if (!(TasteWeight >= 0)) throw new ArgumentException($"{nameof(TasteWeight)} must be ≥ 0, got {TasteWeight}.");
    }
}

/// <summary>
/// A seeded generator of interaction data with planted low-rank taste and long-tail popularity, shaped like
/// MovieLens 100k by default (943 users, 1682 items, ~100k ratings, ≥ 20 per user, lognormal activity). User u picks
/// n_u distinct items with probability ∝ exp(log pop_i + w·(x_u·y_i)) (Gumbel top-k), with x ~ N(0, I) and
/// y ~ N(0, I/rank) so x·y has unit variance; ratings are round(3.5 + 0.9·x·y + N(0, 0.8)) clipped to 1–5. CF models can recover the
/// taste; popularity alone gets part of the way, as on the real data.
/// </summary>
public static class PlantedTasteData
{
    /// <summary>Generates the data set (ids "u0…", "i0…"; timestamps over ~7 months, as MovieLens 100k).</summary>
    public static Dataset Generate(PlantedTasteOptions? options = null)
    {
        var o = options ?? new PlantedTasteOptions();
        o.Validate();
        var rng = new Random(o.Seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
        int m = o.Users, n = o.Items, d = o.Rank;
        var x = new double[m * d]; var y = new double[n * d];
        var scale = 1 / Math.Sqrt(d);
        for (var i = 0; i < x.Length; i++) x[i] = Gauss();
        for (var i = 0; i < y.Length; i++) y[i] = Gauss() * scale;
        // Popularity: Zipf over a random permutation of the items, so ids carry no signal.
        var rank = Enumerable.Range(0, n).OrderBy(_ => rng.Next()).ToArray();
        var logPop = new double[n];
        for (var i = 0; i < n; i++) logPop[i] = -o.PopularityExponent * Math.Log(rank[i] + 1);

        // Activity: MinPerUser + lognormal, rescaled so the total is near the target.
        var raw = new double[m];
        for (var u = 0; u < m; u++) raw[u] = Math.Exp(Gauss() * 1.0);
        var extra = o.Interactions - (m * o.MinPerUser);
        var sum = raw.Sum();
        var counts = raw.Select(r => Math.Min(n, o.MinPerUser + (int)Math.Round(extra * r / sum))).ToArray();

        var b = new InteractionsBuilder(o.Interactions + m);
        var keys = new double[n]; var order = new int[n];
        const long start = 874_724_710; // MovieLens 100k's first timestamp (1997-09-20)
        const long span = 215L * 86400;
        for (var u = 0; u < m; u++)
        {
            for (var i = 0; i < n; i++)
            {
                double t = 0;
                for (var k = 0; k < d; k++) t += x[(u * d) + k] * y[(i * d) + k];
                var gumbel = -Math.Log(-Math.Log(1 - rng.NextDouble() + 1e-300));
                keys[i] = -(logPop[i] + (o.TasteWeight * t) + gumbel); // ascending sort = best first
                order[i] = i;
            }
            Array.Sort(keys, order);
            var userStart = start + (long)(rng.NextDouble() * span * 0.8);
            for (var c = 0; c < counts[u]; c++)
            {
                var i = order[c];
                double t = 0;
                for (var k = 0; k < d; k++) t += x[(u * d) + k] * y[(i * d) + k];
                var value = o.Ratings ? (float)Math.Clamp(Math.Round(3.5 + (0.9 * t) + (0.8 * Gauss())), 1, 5) : 1f;
                var time = userStart + (long)(rng.NextDouble() * (start + span - userStart));
                b.Add(u, i, value, time, o.Ratings ? EventKind.Rating : EventKind.View);
            }
        }
        return new Dataset($"planted-taste-{m}x{n}", b.Build(),
            new IdMap(Enumerable.Range(0, m).Select(u => $"u{u}")), new IdMap(Enumerable.Range(0, n).Select(i => $"i{i}")));
    }
}
