namespace ResearchKit.Data.Synthetic;

/// <summary>
/// Simulates one user's life in the shop: a taste vector near one to three favourite category centroids,
/// category affinities from that taste, a price sensitivity, a log-normal activity budget (cold users: 1–3 views,
/// joining late), and sessions. A session picks a category by affinity, draws candidates from it by popularity,
/// and views candidates by a softmax over taste·item − sensitivity·log(price / category median); a view becomes a
/// cart, and a cart a purchase, with probabilities that rise with taste and fall with price.
/// </summary>
internal sealed class ShopSessionSimulator(SyntheticShopOptions o, ShopCatalogGenerator catalog)
{
    private readonly int _d = o.Factors;

    /// <summary>Per-user outputs written by <see cref="SimulateUser"/>.</summary>
    public sealed class UserState(int factors, int categories, int candidates)
    {
        public readonly float[] Taste = new float[factors];
        public readonly double[] CategoryCumulative = new double[categories];
        public readonly int[] Candidates = new int[candidates];
        public readonly double[] CandidateWeight = new double[candidates];
        public readonly float[] CandidateUtility = new float[candidates];
        public readonly List<double> SessionTimes = [];
        public readonly List<int> SessionLengths = [];
        public float PriceSensitivity;
        public bool Cold;
    }

    /// <summary>Meaningful defaults for the mean views per warm user given the funnel rates.</summary>
    private double MeanViews => o.MeanEventsPerUser / (1 + 1.6 * o.CartRate * (1 + 1.3 * o.PurchaseRate));

    public void SimulateUser(int user, UserState s, InteractionsBuilder output)
    {
        var rng = new SeededRandom(o.Seed, user);
        int d = _d, nc = o.Categories;
        s.Cold = rng.NextDouble() < o.ColdUserFraction;

        // Taste: weighted sum of 1–3 favourite category centroids, scaled to norm 1.2, plus personal noise.
        Array.Clear(s.Taste);
        var favourites = 1 + rng.NextInt(3);
        Span<double> share = catalog.CategoryShare;
        for (var f = 0; f < favourites; f++)
        {
            var c = PickByShare(ref rng, share);
            var w = (float)(0.5 + rng.NextDouble());
            for (var k = 0; k < d; k++) s.Taste[k] += w * catalog.CategoryCentroids[c * d + k];
        }
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<float>(s.Taste, s.Taste));
        var scale = norm > 0 ? 1.2f / norm : 0f;
        for (var k = 0; k < d; k++) s.Taste[k] = s.Taste[k] * scale + 0.4f * (float)rng.NextGaussian() / MathF.Sqrt(d);
        s.PriceSensitivity = (float)Math.Exp(-0.7 + 0.5 * rng.NextGaussian());

        double acc = 0;
        for (var c = 0; c < nc; c++)
        {
            var dot = System.Numerics.Tensors.TensorPrimitives.Dot(s.Taste, catalog.CategoryCentroids.AsSpan(c * d, d));
            acc += catalog.CategoryShare[c] * Math.Exp(dot / 0.3);
            s.CategoryCumulative[c] = acc;
        }

        // Activity budget and timeline.
        var span = (double)o.Days * 86_400;
        int budget; double join;
        if (s.Cold) { budget = 1 + rng.NextInt(3); join = span * (0.85 + 0.14 * rng.NextDouble()); }
        else
        {
            var sigma = o.ActivitySkew;
            var mu = Math.Log(MeanViews) - sigma * sigma / 2;
            budget = (int)Math.Clamp(Math.Round(Math.Exp(mu + sigma * rng.NextGaussian())), 2, 50 * MeanViews);
            join = span * 0.6 * rng.NextDouble();
        }
        s.SessionLengths.Clear(); s.SessionTimes.Clear();
        for (var views = 0; views < budget;)
        {
            var len = s.Cold ? budget : Math.Min(budget - views, 1 + (int)(rng.NextExponential() * (o.MeanSessionLength - 1)));
            s.SessionLengths.Add(len);
            s.SessionTimes.Add(join + (span - join - 3_600) * rng.NextDouble());
            views += len;
        }
        s.SessionTimes.Sort();

        for (var session = 0; session < s.SessionLengths.Count; session++)
            SimulateSession(user, s, ref rng, o.StartTime + (long)s.SessionTimes[session], s.SessionLengths[session], output);
    }

    private void SimulateSession(int user, UserState s, ref SeededRandom rng, long time, int views, InteractionsBuilder output)
    {
        int d = _d, m = o.CandidatesPerSession;
        var c = rng.NextFromCumulative(s.CategoryCumulative);
        var items = catalog.ItemsByCategory[c];
        var cumPop = catalog.CumulativePopularityByCategory[c];
        var beta = s.PriceSensitivity;
        double acc = 0;
        for (var j = 0; j < m; j++)
        {
            var item = items[rng.NextFromCumulative(cumPop)];
            var utility = System.Numerics.Tensors.TensorPrimitives.Dot(s.Taste, catalog.ItemFactors.AsSpan(item * d, d));
            s.Candidates[j] = item;
            s.CandidateUtility[j] = utility - 0.5f * beta * catalog.PriceTerm[item];
            var weight = Math.Exp((utility - beta * catalog.PriceTerm[item]) / o.ChoiceTemperature);
            s.CandidateWeight[j] = weight;
            acc += weight;
        }
        var cartLogit = Math.Log(o.CartRate / (1 - o.CartRate));
        var buyLogit = Math.Log(o.PurchaseRate / (1 - o.PurchaseRate));
        var carted = 0;
        Span<int> cart = stackalloc int[Math.Min(views, 64)];
        for (var v = 0; v < views; v++)
        {
            var j = PickWeighted(ref rng, s.CandidateWeight.AsSpan(0, m), acc);
            // Damp a viewed candidate: people re-open a product page now and then, not over and over.
            acc -= s.CandidateWeight[j] * (1 - RepeatDamping);
            s.CandidateWeight[j] *= RepeatDamping;
            var item = s.Candidates[j];
            output.Add(user, item, 1f, time, EventKind.View);
            time += 15 + (long)(rng.NextExponential() * 60);
            var lift = 1.5 * (s.CandidateUtility[j] - 0.5);
            if (carted < cart.Length && rng.NextDouble() < Sigmoid(cartLogit + lift))
            {
                output.Add(user, item, 1f, time, EventKind.Cart);
                cart[carted++] = j;
                time += 5 + (long)(rng.NextExponential() * 20);
            }
        }
        for (var p = 0; p < carted; p++)
        {
            var j = cart[p];
            if (rng.NextDouble() < Sigmoid(buyLogit + 1.5 * (s.CandidateUtility[j] - 0.5)))
            {
                time += 30 + (long)(rng.NextExponential() * 60);
                output.Add(user, s.Candidates[j], 1f, time, EventKind.Purchase);
            }
        }
    }

    private const double RepeatDamping = 0.15;

    private static int PickWeighted(ref SeededRandom rng, ReadOnlySpan<double> weights, double total)
    {
        var target = rng.NextDouble() * total;
        for (var j = 0; j < weights.Length; j++) { target -= weights[j]; if (target < 0) return j; }
        return weights.Length - 1;
    }

    private static int PickByShare(ref SeededRandom rng, ReadOnlySpan<double> share)
    {
        var target = rng.NextDouble();
        for (var c = 0; c < share.Length; c++) { target -= share[c]; if (target < 0) return c; }
        return share.Length - 1;
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
