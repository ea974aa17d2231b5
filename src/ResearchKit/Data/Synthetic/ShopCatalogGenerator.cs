using System.Globalization;

namespace ResearchKit.Data.Synthetic;

/// <summary>
/// Generates the item side of a <see cref="SyntheticShop"/>: categories (mild Zipf sizes) with latent centroids,
/// item factors scattered around their category centroid, brands with a price premium, log-normal prices per
/// category, Zipf popularity over a random rank order, and titles from <see cref="ShopVocabulary"/>.
/// </summary>
internal sealed class ShopCatalogGenerator
{
    public required float[] CategoryCentroids { get; init; }   // categories × factors
    public required float[] ItemFactors { get; init; }         // items × factors
    public required float[] Popularity { get; init; }          // Zipf weight per item, max 1
    public required float[] PriceTerm { get; init; }           // log(price / category median price)
    public required int[][] ItemsByCategory { get; init; }
    public required double[][] CumulativePopularityByCategory { get; init; }
    public required double[] CategoryShare { get; init; }
    public required ItemCatalog Catalog { get; init; }

    public static ShopCatalogGenerator Generate(SyntheticShopOptions o)
    {
        var rng = new SeededRandom(o.Seed, stream: -1);
        int d = o.Factors, nc = o.Categories, ni = o.Items;
        var invSqrtD = 1f / MathF.Sqrt(d);

        var centroids = new float[nc * d];
        for (var i = 0; i < centroids.Length; i++) centroids[i] = (float)rng.NextGaussian() * invSqrtD;

        // Category sizes ∝ 1/(c+1)^0.6, every category has at least one item.
        var share = new double[nc];
        for (var c = 0; c < nc; c++) share[c] = Math.Pow(c + 1, -0.6);
        var total = share.Sum();
        for (var c = 0; c < nc; c++) share[c] /= total;
        var cumShare = new double[nc];
        double running = 0;
        for (var c = 0; c < nc; c++) cumShare[c] = running += share[c];
        var category = new int[ni];
        for (var i = 0; i < ni; i++) category[i] = i < nc ? i : rng.NextFromCumulative(cumShare);

        var catalog = new ItemCatalog(ni);
        for (var c = 0; c < nc; c++) catalog.CategoryNames.GetOrAdd(ShopVocabulary.CategoryName(c));
        for (var b = 0; b < o.Brands; b++) catalog.BrandNames.GetOrAdd(ShopVocabulary.BrandName(b));
        var brandPremium = new double[o.Brands];
        for (var b = 0; b < o.Brands; b++) brandPremium[b] = Math.Exp(0.3 * rng.NextGaussian());
        var categoryBasePrice = new double[nc];
        for (var c = 0; c < nc; c++) categoryBasePrice[c] = Math.Exp(Math.Log(30) + 0.8 * rng.NextGaussian());
        var brandsPerCategory = Math.Max(1, Math.Min(o.Brands, (int)Math.Ceiling(3.0 * o.Brands / nc)));

        var factors = new float[ni * d];
        var logPrice = new double[ni];
        for (var i = 0; i < ni; i++)
        {
            var c = category[i];
            for (var k = 0; k < d; k++) factors[i * d + k] = centroids[c * d + k] + 0.7f * (float)rng.NextGaussian() * invSqrtD;
            var brand = (c * brandsPerCategory + rng.NextInt(brandsPerCategory)) % o.Brands;
            var price = categoryBasePrice[c] * brandPremium[brand] * Math.Exp(0.35 * rng.NextGaussian());
            price = Math.Max(0.99, Math.Floor(price) + 0.99);
            catalog.Category[i] = c;
            catalog.Brand[i] = brand;
            catalog.Price[i] = (float)price;
            logPrice[i] = Math.Log(price);
            var nouns = ShopVocabulary.Nouns(c);
            catalog.Title[i] = string.Create(CultureInfo.InvariantCulture,
                $"{catalog.BrandNames.ToExternal(brand)} {ShopVocabulary.Adjectives[rng.NextInt(ShopVocabulary.Adjectives.Length)]} {nouns[rng.NextInt(nouns.Length)]} {ShopVocabulary.Variants[rng.NextInt(ShopVocabulary.Variants.Length)]}");
        }

        // Zipf popularity over a random rank order (Fisher–Yates).
        var rank = new int[ni];
        for (var i = 0; i < ni; i++) rank[i] = i;
        for (var i = ni - 1; i > 0; i--) { var j = rng.NextInt(i + 1); (rank[i], rank[j]) = (rank[j], rank[i]); }
        var popularity = new float[ni];
        for (var i = 0; i < ni; i++) popularity[i] = (float)Math.Pow(rank[i] + 1, -o.ZipfExponent);

        var byCategory = new List<int>[nc];
        for (var c = 0; c < nc; c++) byCategory[c] = [];
        for (var i = 0; i < ni; i++) byCategory[category[i]].Add(i);
        var items = new int[nc][];
        var cumPop = new double[nc][];
        var priceTerm = new float[ni];
        for (var c = 0; c < nc; c++)
        {
            items[c] = [.. byCategory[c]];
            cumPop[c] = new double[items[c].Length];
            double acc = 0;
            for (var j = 0; j < items[c].Length; j++) cumPop[c][j] = acc += popularity[items[c][j]];
            var prices = items[c].Select(i => logPrice[i]).Order().ToArray();
            var median = prices[prices.Length / 2];
            foreach (var i in items[c]) priceTerm[i] = (float)(logPrice[i] - median);
        }

        // Category share of attention follows the (popularity-weighted) catalogue share.
        var attention = new double[nc];
        for (var c = 0; c < nc; c++) attention[c] = cumPop[c][^1];
        var attentionTotal = attention.Sum();
        for (var c = 0; c < nc; c++) attention[c] /= attentionTotal;

        return new ShopCatalogGenerator
        {
            CategoryCentroids = centroids, ItemFactors = factors, Popularity = popularity, PriceTerm = priceTerm,
            ItemsByCategory = items, CumulativePopularityByCategory = cumPop, CategoryShare = attention, Catalog = catalog,
        };
    }
}
