using System.Globalization;

namespace ResearchKit.Data.Synthetic;

/// <summary>
/// A seeded, realistic e-commerce interaction log with known ground truth — the kit's embedded default data set.
/// <para>
/// Generative story (see <see cref="SyntheticShopOptions"/> for every knob): items belong to categories with latent
/// centroids; an item's factor is its centroid plus noise; popularity is Zipf over a random rank order; prices are
/// log-normal per category times a brand premium. A user's taste is a mix of one to three favourite category
/// centroids plus noise; each session picks a category with probability ∝ share·exp(taste·centroid/0.3), draws
/// candidates by popularity and views them with probability ∝ exp((taste·item − β·log(price/median))/T); views turn
/// into carts and carts into purchases more often when the taste match is high. Cold-start users join late with
/// 1–3 views. Because choice depends on taste·item, a factorisation model recovers the structure and beats
/// popularity clearly, while popularity is still a fair baseline.
/// </para>
/// Users are named <c>u1..uN</c> and items <c>i1..iM</c> (external ids); timestamps are Unix seconds.
/// Generation runs users in parallel blocks, each user on its own random stream, so the result is identical for
/// any thread count.
/// </summary>
public sealed class SyntheticShop
{
    private readonly float[] _userFactors;
    private readonly float[] _itemFactors;
    private readonly float[] _priceSensitivity;
    private readonly bool[] _coldUsers;
    private readonly float[] _popularity;
    private readonly float[] _medianLogPrice;      // per category
    private readonly float[] _categoryLogWeight;   // users × categories: log P(category | user) − log popularity mass

    private SyntheticShop(SyntheticShopOptions options, Dataset dataset, float[] userFactors, float[] itemFactors,
        float[] priceSensitivity, bool[] coldUsers, float[] popularity, float[] medianLogPrice, float[] categoryLogWeight)
    {
        Options = options; Dataset = dataset; _userFactors = userFactors; _itemFactors = itemFactors;
        _priceSensitivity = priceSensitivity; _coldUsers = coldUsers; _popularity = popularity;
        _medianLogPrice = medianLogPrice; _categoryLogWeight = categoryLogWeight;
    }

    /// <summary>The options the shop was generated with.</summary>
    public SyntheticShopOptions Options { get; }

    /// <summary>The generated log with item catalog (category, brand, price, title) and user table (region, age).</summary>
    public Dataset Dataset { get; }

    /// <summary>Dimension of the planted latent space.</summary>
    public int Factors => Options.Factors;

    /// <summary>True user taste vectors, row-major users × <see cref="Factors"/> (dense user ids).</summary>
    public ReadOnlySpan<float> UserFactors => _userFactors;

    /// <summary>True item factors, row-major items × <see cref="Factors"/> (dense item ids).</summary>
    public ReadOnlySpan<float> ItemFactors => _itemFactors;

    /// <summary>True price sensitivity β per user.</summary>
    public ReadOnlySpan<float> PriceSensitivity => _priceSensitivity;

    /// <summary>True Zipf popularity weight per item (the most popular item has weight 1).</summary>
    public ReadOnlySpan<float> Popularity => _popularity;

    /// <summary>Whether each user was generated as a cold-start user (late, 1–3 views).</summary>
    public ReadOnlySpan<bool> ColdUsers => _coldUsers;

    /// <summary>A copy of one user's true taste vector (handy in notebooks, where spans cannot be kept).</summary>
    public float[] UserFactor(int user) => _userFactors.AsSpan(user * Factors, Factors).ToArray();

    /// <summary>A copy of one item's true factor vector.</summary>
    public float[] ItemFactor(int item) => _itemFactors.AsSpan(item * Factors, Factors).ToArray();

    /// <summary>The planted affinity taste·item of a user for an item (the signal a factorisation model should recover).</summary>
    public float Affinity(int user, int item) =>
        System.Numerics.Tensors.TensorPrimitives.Dot(_userFactors.AsSpan(user * Factors, Factors), _itemFactors.AsSpan(item * Factors, Factors));

    /// <summary>
    /// Oracle scores: log of the (unnormalised) probability that <paramref name="user"/> views each item —
    /// log popularity + (taste·item − β·log price ratio)/T. Ranking by it is the best a model could do, so tests
    /// and the RL simulator use it as ground truth. <paramref name="scores"/> has one slot per item.
    /// </summary>
    public void OracleScores(int user, Span<float> scores)
    {
        var n = Dataset.ItemCount;
        if (scores.Length != n) throw new ArgumentException($"scores must have {n} entries, has {scores.Length}.", nameof(scores));
        var taste = _userFactors.AsSpan(user * Factors, Factors);
        var items = Dataset.Items!;
        for (var i = 0; i < n; i++)
        {
            var u = System.Numerics.Tensors.TensorPrimitives.Dot(taste, _itemFactors.AsSpan(i * Factors, Factors));
            var priceRatio = MathF.Log(items.Price[i]) - _medianLogPrice[items.Category[i]];
            scores[i] = MathF.Log(_popularity[i]) + (u - _priceSensitivity[user] * priceRatio) / (float)Options.ChoiceTemperature
                + _categoryLogWeight[user * Options.Categories + items.Category[i]];
        }
    }

    /// <summary>Generates a shop. Same options ⇒ same shop, on any machine and thread count.</summary>
    public static SyntheticShop Generate(SyntheticShopOptions? options = null, CancellationToken ct = default)
    {
        var o = options ?? new SyntheticShopOptions();
        o.Validate();
        var catalog = ShopCatalogGenerator.Generate(o);
        var sim = new ShopSessionSimulator(o, catalog);
        int nu = o.Users, d = o.Factors;
        var userFactors = new float[nu * d];
        var beta = new float[nu];
        var cold = new bool[nu];
        var categoryCum = new double[nu * o.Categories];

        const int blockSize = 256;
        var blocks = (nu + blockSize - 1) / blockSize;
        var outputs = new InteractionsBuilder[blocks];
        Parallel.For(0, blocks, new ParallelOptions { CancellationToken = ct }, () => new ShopSessionSimulator.UserState(d, o.Categories, o.CandidatesPerSession),
            (b, _, state) =>
            {
                var lo = b * blockSize; var hi = Math.Min(nu, lo + blockSize);
                var output = new InteractionsBuilder((int)((hi - lo) * o.MeanEventsPerUser * 1.1));
                for (var u = lo; u < hi; u++)
                {
                    sim.SimulateUser(u, state, output);
                    state.Taste.CopyTo(userFactors, u * d);
                    beta[u] = state.PriceSensitivity;
                    cold[u] = state.Cold;
                    state.CategoryCumulative.CopyTo(categoryCum, u * o.Categories);
                }
                outputs[b] = output;
                return state;
            }, _ => { });

        var log = ShopLogAssembler.MergeByTime(outputs, o.StartTime);
        var userIds = new IdMap(nu);
        for (var u = 0; u < nu; u++) userIds.GetOrAdd(string.Create(CultureInfo.InvariantCulture, $"u{u + 1}"));
        var itemIds = new IdMap(o.Items);
        for (var i = 0; i < o.Items; i++) itemIds.GetOrAdd(string.Create(CultureInfo.InvariantCulture, $"i{i + 1}"));
        var users = ShopLogAssembler.UserTable(o, userFactors);
        var dataset = new Dataset("synthetic", log, userIds, itemIds, catalog.Catalog, users);

        var medianLogPrice = new float[o.Categories];
        for (var c = 0; c < o.Categories; c++)
        {
            var first = catalog.ItemsByCategory[c][0];
            medianLogPrice[c] = MathF.Log(catalog.Catalog.Price[first]) - catalog.PriceTerm[first];
        }
        // log P(category | user) minus the category's popularity mass: the candidate draw already weights by
        // popularity within the category, so item propensity = P(c|u) · pop_i / mass_c · exp(utility / T).
        var nc = o.Categories;
        var categoryLogWeight = new float[nu * nc];
        for (var u = 0; u < nu; u++)
        {
            var row = categoryCum.AsSpan(u * nc, nc);
            for (var c = 0; c < nc; c++)
            {
                var p = (c == 0 ? row[0] : row[c] - row[c - 1]) / row[^1];
                categoryLogWeight[u * nc + c] = (float)Math.Log(Math.Max(p, 1e-300) / catalog.CumulativePopularityByCategory[c][^1]);
            }
        }
        return new SyntheticShop(o, dataset, userFactors, catalog.ItemFactors, beta, cold, catalog.Popularity,
            medianLogPrice, categoryLogWeight);
    }

    /// <inheritdoc />
    public override string ToString() => $"SyntheticShop(seed {Options.Seed}) — {Dataset}";
}
