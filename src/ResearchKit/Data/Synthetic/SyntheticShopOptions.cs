namespace ResearchKit.Data.Synthetic;

/// <summary>
/// Knobs of <see cref="SyntheticShop"/>. Defaults make a shop of 5,000 users, 2,000 items and about 200k events
/// (views, carts, purchases over 120 days) in well under a second; every size scales linearly.
/// </summary>
public sealed record SyntheticShopOptions
{
    /// <summary>Number of users (default 5,000).</summary>
    public int Users { get; init; } = 5_000;

    /// <summary>Number of items (default 2,000).</summary>
    public int Items { get; init; } = 2_000;

    /// <summary>Number of categories (default 20); category sizes follow a mild Zipf law.</summary>
    public int Categories { get; init; } = 20;

    /// <summary>Number of brands (default 60); each category carries a handful of them.</summary>
    public int Brands { get; init; } = 60;

    /// <summary>Dimension of the planted latent taste space (default 16).</summary>
    public int Factors { get; init; } = 16;

    /// <summary>Mean events (views + carts + purchases) per warm user (default 44); activity is log-normal.</summary>
    public double MeanEventsPerUser { get; init; } = 44;

    /// <summary>σ of the log-normal activity distribution (default 1.0): larger means a longer tail of heavy users.</summary>
    public double ActivitySkew { get; init; } = 1.0;

    /// <summary>Share of cold-start users (default 0.1): they join late and have 1–3 views.</summary>
    public double ColdUserFraction { get; init; } = 0.1;

    /// <summary>Zipf exponent of item popularity (default 0.8): weight of the item of popularity rank r is 1/(r+1)^s.</summary>
    public double ZipfExponent { get; init; } = 0.8;

    /// <summary>Mean number of views per session (default 5).</summary>
    public double MeanSessionLength { get; init; } = 5;

    /// <summary>Candidates the user considers per session (default 50), drawn from the session's category by popularity.</summary>
    public int CandidatesPerSession { get; init; } = 50;

    /// <summary>Softmax temperature of the choice among candidates (default 0.2): lower means taste matters more.</summary>
    public double ChoiceTemperature { get; init; } = 0.2;

    /// <summary>Base probability that a view leads to an add-to-cart (default 0.12), shifted by taste and price.</summary>
    public double CartRate { get; init; } = 0.12;

    /// <summary>Base probability that a cart leads to a purchase (default 0.4), shifted by taste and price.</summary>
    public double PurchaseRate { get; init; } = 0.4;

    /// <summary>Length of the simulated period in days (default 120).</summary>
    public int Days { get; init; } = 120;

    /// <summary>Unix time (seconds) of the start of the period (default 2024-01-01T00:00:00Z).</summary>
    public long StartTime { get; init; } = 1_704_067_200;

    /// <summary>Seed: the same options give the same shop on every machine and thread count (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// The options of the committed sample shop in data/sample/ (1,000 users, 400 items, seed 42; about 40k events),
    /// written with <see cref="Export.ShopCsv.Write"/>. A test checks the committed files equal what these make.
    /// </summary>
    public static SyntheticShopOptions Sample { get; } = new() { Users = 1_000, Items = 400, Seed = 42 };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        // Upper bounds keep a typo (users=2000000000) a clear error instead of an out-of-memory crash.
        Require(Users >= 1 && Users <= 10_000_000, nameof(Users), Users, "in [1, 10000000]");
        Require(Items >= 2 && Items <= 10_000_000, nameof(Items), Items, "in [2, 10000000]");
        Require(Categories >= 1 && Categories <= Items, nameof(Categories), Categories, $"in [1, Items={Items}]");
        Require(Brands >= 1, nameof(Brands), Brands, "≥ 1");
        Require(Factors >= 1 && Factors <= 512, nameof(Factors), Factors, "in [1, 512]");
        Require(MeanEventsPerUser >= 1 && MeanEventsPerUser <= 10_000, nameof(MeanEventsPerUser), MeanEventsPerUser, "in [1, 10000]");
        Require(Users * MeanEventsPerUser <= 500_000_000, nameof(MeanEventsPerUser), MeanEventsPerUser, $"such that Users × MeanEventsPerUser ≤ 500,000,000 events (Users = {Users})");
        Require(ActivitySkew >= 0 && ActivitySkew <= 3, nameof(ActivitySkew), ActivitySkew, "in [0, 3]");
        Require(ColdUserFraction >= 0 && ColdUserFraction <= 1, nameof(ColdUserFraction), ColdUserFraction, "in [0, 1]");
        Require(ZipfExponent >= 0 && ZipfExponent <= 3, nameof(ZipfExponent), ZipfExponent, "in [0, 3]");
        Require(MeanSessionLength >= 1 && MeanSessionLength <= 1000, nameof(MeanSessionLength), MeanSessionLength, "in [1, 1000]");
        Require(CandidatesPerSession >= 1 && CandidatesPerSession <= 10_000, nameof(CandidatesPerSession), CandidatesPerSession, "in [1, 10000]");
        Require(ChoiceTemperature > 0 && double.IsFinite(ChoiceTemperature), nameof(ChoiceTemperature), ChoiceTemperature, "> 0");
        Require(CartRate > 0 && CartRate < 1, nameof(CartRate), CartRate, "in (0, 1)");
        Require(PurchaseRate > 0 && PurchaseRate < 1, nameof(PurchaseRate), PurchaseRate, "in (0, 1)");
        Require(Days >= 1 && Days <= 36_500, nameof(Days), Days, "in [1, 36500]");
        Require(StartTime >= 0 && StartTime + Days * 86_400L <= Loaders.TimeParsing.MaxUnixSeconds, nameof(StartTime), StartTime,
            $"≥ 0 with StartTime + Days × 86400 ≤ {Loaders.TimeParsing.MaxUnixSeconds} (2100-01-01, the kit's time range)");
    }

    private static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok) throw new ArgumentException($"SyntheticShopOptions.{name} must be {expected}, got {value}.", name);
    }
}
