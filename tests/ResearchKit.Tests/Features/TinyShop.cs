using ResearchKit.Data;

namespace ResearchKit.Tests.Features;

/// <summary>
/// A hand-made shop small enough to compute every feature on paper. Day 0 .. day 10; the training log ends at
/// exactly 10 days. Items: i0 (cat A, 10, "red shoe"), i1 (cat A, 30, "blue shoe"), i2 (cat B, 5, "red hat"),
/// i3 (cat B, no price, no title). Users: u0 (F, 30), u1 (M, no age), u2 (no events, no gender, 40).
/// </summary>
internal static class TinyShop
{
    public const long Day = 86_400;

    public static readonly (int User, int Item, long Time, EventKind Kind)[] TrainEvents =
    [
        // u1's events deliberately out of time order (sessions must sort them).
        (1, 1, 10 * Day, EventKind.View),
        (0, 0, 0, EventKind.View),
        (0, 0, 600, EventKind.Cart),
        (1, 3, 10 * Day - 60, EventKind.View),
        (0, 0, 1200, EventKind.Purchase),
        (0, 2, 9 * Day, EventKind.View),
        (1, 1, 2 * Day, EventKind.View),
        (0, 2, 9 * Day + 3600, EventKind.Purchase),
    ];

    public static Dataset Build(IEnumerable<(int User, int Item, long Time, EventKind Kind)> events, string name = "tiny")
    {
        var b = new InteractionsBuilder();
        foreach (var (u, i, t, k) in events) b.Add(u, i, 1f, t, k);
        var catalog = new ItemCatalog(4);
        var a = catalog.CategoryNames.GetOrAdd("A"); var bb = catalog.CategoryNames.GetOrAdd("B");
        catalog.Category[0] = a; catalog.Category[1] = a; catalog.Category[2] = bb; catalog.Category[3] = bb;
        catalog.Price[0] = 10; catalog.Price[1] = 30; catalog.Price[2] = 5;
        var nike = catalog.BrandNames.GetOrAdd("nike");
        catalog.Brand[0] = nike; catalog.Brand[1] = nike;
        catalog.Title[0] = "Red shoe"; catalog.Title[1] = "blue SHOE"; catalog.Title[2] = "red hat";
        var users = new UserTable(3);
        var gender = users.Categorical("gender"); gender[0] = "F"; gender[1] = "M";
        var age = users.Numeric("age"); age[0] = 30; age[2] = 40;
        return new Dataset(name, b.Build(), new IdMap(["u0", "u1", "u2"]), new IdMap(["i0", "i1", "i2", "i3"]), catalog, users);
    }

    public static Dataset Train() => Build(TrainEvents);
}
