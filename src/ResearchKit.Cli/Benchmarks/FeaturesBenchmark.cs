using System.Diagnostics;
using ResearchKit.Data;
using ResearchKit.Data.Synthetic;
using ResearchKit.Features;

namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// Wall time of <see cref="UserFeatures.Build"/> + <see cref="ItemFeatures.Build"/> (all default feature groups)
/// on the default <see cref="SyntheticShop"/> (5k users, 2k items), then on generated logs of growing size with
/// 100 events per user (a simpler, faster generator below) to show the cost is linear in events.
/// </summary>
internal sealed class FeaturesBenchmark : IBenchmark
{
    public string Name => "features";

    public string Description => "user + item feature building: default shop size, then scaling in events (ns/event)";

    public void Run(BenchContext context)
    {
        var o = context.Out;
        var options = context.Quick ? new SyntheticShopOptions { Users = 500, Items = 200, Seed = context.Seed } : new SyntheticShopOptions { Seed = context.Seed };
        var shop = SyntheticShop.Generate(options).Dataset;
        var (best, users, items) = Measure(shop, context.Quick ? 2 : 7);
        o.WriteLine($"- default synthetic shop ({shop}): {best * 1e3:F0} ms best of {(context.Quick ? 2 : 7)} (user {users.Rows:N0}×{users.ColumnCount}, item {items.Rows:N0}×{items.ColumnCount})");

        long[] sizes = context.Quick ? [20_000, 80_000] : [1_000_000, 4_000_000, 16_000_000];
        // KIT_BENCH_FEATURE_EVENTS=100000000 (comma list) runs other sizes, e.g. the 1M-user × 100M-event point.
        if (Environment.GetEnvironmentVariable("KIT_BENCH_FEATURE_EVENTS") is { Length: > 0 } custom)
            sizes = Array.ConvertAll(custom.Split(','), s => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture));
        foreach (var events in sizes)
        {
            var sw = Stopwatch.StartNew();
            var data = Generate((int)(events / 100), (int)Math.Min(100_000, events / 50), checked((int)events), context.Seed);
            var generated = sw.Elapsed.TotalSeconds;
            var (t, u, i) = Measure(data, context.Quick ? 1 : 2);
            o.WriteLine($"- {events:N0} events, {data.UserCount:N0} users, {data.ItemCount:N0} items: {t:F2} s ({t * 1e9 / events:F0} ns/event; {u.ColumnCount} user + {i.ColumnCount} item columns; log generated in {generated:F1} s)");
        }
    }

    private static (double Seconds, FeatureSet Users, FeatureSet Items) Measure(Dataset data, int repeats)
    {
        FeatureSet? users = null, items = null;
        var best = double.MaxValue;
        for (var r = 0; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            users = UserFeatures.Build(data);
            items = ItemFeatures.Build(data);
            sw.Stop();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
        }
        return (best, users!, items!);
    }

    /// <summary>
    /// A time-ordered e-commerce log: Zipf-like item popularity, users with heavy-tailed activity, 85% views /
    /// 10% carts / 5% purchases over 120 days, events of a user clustered into short sessions; a catalog with
    /// 100 categories, 500 brands, log-normal prices and 3–5 word titles; a user table with two attributes.
    /// </summary>
    internal static Dataset Generate(int userCount, int itemCount, int events, int seed)
    {
        var rng = new Random(seed);
        var catalog = new ItemCatalog(itemCount);
        for (var c = 0; c < 100; c++) catalog.CategoryNames.GetOrAdd($"cat{c}");
        for (var b = 0; b < 500; b++) catalog.BrandNames.GetOrAdd($"brand{b}");
        string[] words = ["red", "blue", "green", "black", "white", "shoe", "shirt", "hat", "bag", "phone", "case", "lamp", "desk",
            "chair", "cotton", "leather", "wool", "smart", "mini", "pro", "max", "classic", "sport", "kids", "home", "garden"];
        var title = new System.Text.StringBuilder();
        for (var i = 0; i < itemCount; i++)
        {
            catalog.Category[i] = rng.Next(100);
            catalog.Brand[i] = rng.Next(500);
            catalog.Price[i] = MathF.Round(MathF.Exp(3f + (float)RandomNormal(rng)), 2);
            title.Clear();
            for (var w = 3 + rng.Next(3); w > 0; w--) title.Append(words[rng.Next(words.Length)]).Append(' ');
            catalog.Title[i] = title.ToString();
        }
        var table = new UserTable(userCount);
        var gender = table.Categorical("gender"); var age = table.Numeric("age");
        for (var u = 0; u < userCount; u++) { gender[u] = rng.Next(2) == 0 ? "F" : "M"; age[u] = 18 + rng.Next(60); }

        // Item popularity ~ 1/(rank+10) (Zipf-like), user activity ~ 1/(rank+5): sampled by inverse CDF tables.
        var itemCdf = Cdf(itemCount, 10); var userCdf = Cdf(userCount, 5);
        var b2 = new InteractionsBuilder(events);
        const long start = 1_700_000_000, span = 120 * 86_400;
        var u0 = 0; var remainingInSession = 0;
        for (var e = 0; e < events; e++)
        {
            if (remainingInSession-- <= 0) { u0 = Sample(userCdf, rng); remainingInSession = rng.Next(8); }
            var item = Sample(itemCdf, rng);
            var roll = rng.Next(100);
            var kind = roll < 85 ? EventKind.View : roll < 95 ? EventKind.Cart : EventKind.Purchase;
            b2.Add(u0, item, 1f, start + span * e / events, kind);
        }
        var userIds = new IdMap(userCount); for (var u = 0; u < userCount; u++) userIds.GetOrAdd(u);
        var itemIds = new IdMap(itemCount); for (var i = 0; i < itemCount; i++) itemIds.GetOrAdd(i);
        return new Dataset("bench-shop", b2.Build(), userIds, itemIds, catalog, table);
    }

    private static double[] Cdf(int n, double offset)
    {
        var cdf = new double[n];
        double sum = 0;
        for (var i = 0; i < n; i++) { sum += 1.0 / (i + offset); cdf[i] = sum; }
        for (var i = 0; i < n; i++) cdf[i] /= sum;
        return cdf;
    }

    private static int Sample(double[] cdf, Random rng)
    {
        var idx = Array.BinarySearch(cdf, rng.NextDouble());
        return Math.Min(idx < 0 ? ~idx : idx, cdf.Length - 1);
    }

    private static double RandomNormal(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}
