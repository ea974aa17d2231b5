namespace ResearchKit.Notebooks.Tests.Notebooks;

/// <summary>A recorded value a notebook must reproduce: <c>|actual − Expected| ≤ Tolerance</c>.</summary>
internal sealed record ExpectedValue(string Name, double Expected, double Tolerance);

/// <summary>A recorded value that must exceed another (e.g. a CF model beats popularity).</summary>
internal sealed record ExpectedOrder(string Better, string Worse);

/// <summary>How CI runs one notebook and what it must record.</summary>
internal sealed record NotebookExpectation(
    string Notebook,
    IReadOnlyDictionary<string, string> Parameters,
    IReadOnlyList<ExpectedValue> Values,
    IReadOnlyList<ExpectedOrder> Orders);

/// <summary>
/// One entry per notebook in notebooks/ (a test fails when a notebook has none). Parameters make each run
/// small (seconds on 2 cores). Expected values were measured with these parameters; tolerances cover
/// thread-count effects in parallel SGD and are stated per value.
/// </summary>
internal static class NotebookExpectations
{
    // Deterministic models (pop, random, itemknn, ease) get tight tolerances; ALS (float CG) a little more;
    // BPR (Hogwild SGD, thread-count dependent) and MF the widest.
    public static readonly IReadOnlyList<NotebookExpectation> All =
    [
        new("00_quick_start.ipynb",
            Small(("users", "800"), ("items", "300"), ("iterations", "10")),
            [
                new("pop.ndcg@10", 0.1544, 0.005),
                new("pop.precision@10", 0.0636, 0.005),
                new("itemknn.ndcg@10", 0.4626, 0.01),
                new("itemknn.recall@10", 0.5884, 0.01),
                new("als.ndcg@10", 0.4233, 0.03),
                new("als.map@10", 0.3093, 0.03),
            ],
            [new("itemknn.ndcg@10", "pop.ndcg@10"), new("als.ndcg@10", "pop.ndcg@10")]),
        // Ranges as in DataAndFeaturesNotebookTests (observed for seeds 1, 2, 3, 42 at this size, with room for generator changes).
        new("01_data_and_features.ipynb",
            Small(("users", "800"), ("items", "300"), ("pcaComponents", "6")),
            [
                new("user_rows", 800, 0),
                new("item_rows", 300, 0),
                Range("user_columns", 40, 60),
                Range("item_columns", 80, 120),
                Range("train_events", 20_000, 30_000),
                Range("pca_pc1_ratio", 0.18, 0.35),
                Range("pca_ratio_sum", 0.35, 0.65),
                Range("corr_price_pct_beta", -0.55, -0.2),
            ],
            []),
        new("02_collaborative_filtering.ipynb",
            Small(("users", "800"), ("items", "300"), ("iterations", "10"), ("sgdIterations", "30"), ("bprLr", "0.1")),
            [
                new("random.ndcg@10", 0.0246, 0.01),
                new("pop.ndcg@10", 0.1544, 0.005),
                new("pop.coverage@10", 0.0733, 0.005),
                new("itemknn.ndcg@10", 0.4626, 0.01),
                new("ease.ndcg@10", 0.4733, 0.01),
                new("als.ndcg@10", 0.4233, 0.03),
                new("bpr.ndcg@10", 0.441, 0.05),
                new("mf.ndcg@10", 0.009, 0.02),
            ],
            [
                new("pop.ndcg@10", "random.ndcg@10"),
                new("itemknn.ndcg@10", "pop.ndcg@10"),
                new("als.ndcg@10", "pop.ndcg@10"),
                new("bpr.ndcg@10", "pop.ndcg@10"),
                new("ease.ndcg@10", "pop.ndcg@10"),
                new("itemknn.coverage@10", "pop.coverage@10"),
            ]),
    ];

    private static ExpectedValue Range(string name, double low, double high) => new(name, (low + high) / 2, (high - low) / 2);

    private static Dictionary<string, string> Small(params (string Name, string Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
