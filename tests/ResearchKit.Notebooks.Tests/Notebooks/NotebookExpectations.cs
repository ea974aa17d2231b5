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
                new("pop.ndcg@10", 0.1558, 0.005),
                new("pop.precision@10", 0.0690, 0.005),
                new("itemknn.ndcg@10", 0.4506, 0.01),
                new("itemknn.recall@10", 0.5580, 0.01),
                new("als.ndcg@10", 0.4146, 0.03),
                new("als.map@10", 0.3041, 0.03),
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
                new("random.ndcg@10", 0.0240, 0.01),
                new("pop.ndcg@10", 0.1558, 0.005),
                new("pop.coverage@10", 0.0867, 0.005),
                new("itemknn.ndcg@10", 0.4506, 0.01),
                new("ease.ndcg@10", 0.4710, 0.01),
                new("als.ndcg@10", 0.4146, 0.03),
                new("bpr.ndcg@10", 0.418, 0.05),
                new("mf.ndcg@10", 0.008, 0.02),
            ],
            [
                new("pop.ndcg@10", "random.ndcg@10"),
                new("itemknn.ndcg@10", "pop.ndcg@10"),
                new("als.ndcg@10", "pop.ndcg@10"),
                new("bpr.ndcg@10", "pop.ndcg@10"),
                new("ease.ndcg@10", "pop.ndcg@10"),
                new("itemknn.coverage@10", "pop.coverage@10"),
            ]),
        // 03 has its own test (DeepTwoTowerNotebookTests) with the same parameters; here the orderings it must keep.
        new("03_deep_two_tower.ipynb",
            Small(("users", "800"), ("items", "300"), ("epochs", "8")),
            [],
            [
                new("loss_first", "loss_last"),
                new("ndcg_twotower", "ndcg_pop"),
                new("cold_ndcg_features", "cold_ndcg_pop"),
                new("cold_ndcg_features", "cold_ndcg_ids"),
            ]),
        // Regret and off-policy values are exact functions of the seeded simulation; model values as in 00/02.
        new("04_bandits_and_rl.ipynb",
            Small(("users", "600"), ("items", "300"), ("rounds", "4000"), ("logSize", "20000"), ("logSessions", "1500"), ("sessions", "1000"), ("deepEpochs", "3")),
            [
                new("oracle.rate", 0.7942, 0.01),
                new("random.rate", 0.1424, 0.01),
                new("regret.linucb(0.5)", 32.5, 15),
                Range("ope.oracle.ips", 0.76, 0.83),
                Range("ope.oracle.snips", 0.76, 0.83),
                Range("ope.oracle.dr", 0.76, 0.83),
                Range("ope.rl.snips.error", 0, 0.06),
                Range("ope.rl.dr.error", 0, 0.06),
                // SlateQ is a deterministic target: only logged first slates that agree with it count, and at this size its
                // intervals are ±0.06 wide (measured 0.038–0.039 error); 0.09 is about three standard errors.
                Range("ope.slateq.snips.error", 0, 0.09),
                Range("ope.slateq.dr.error", 0, 0.09),
            ],
            [
                new("regret.egreedy(0.1)", "regret.linucb(0.5)"),
                new("regret.thompson", "regret.linucb(0.5)"),
                new("oracle.rate", "random.rate"),
                new("session.rl.rl", "session.baseline.random"),
                new("session.rl.rl", "session.baseline.pop"),
                new("session.rl.slateq", "session.baseline.random"),
                new("session.rl.slateq", "session.baseline.pop"),
            ]),
        // The kit's central claim at CI size: the best fusion beats the best single model (observed gain +0.004).
        new("05_fusion_comparison.ipynb",
            Small(("users", "800"), ("items", "300")),
            [
                new("ease.ndcg@10", 0.4710, 0.01),
                new("blend.ndcg@10", 0.4754, 0.015),
                new("tuned.ndcg@10", 0.4729, 0.015),
                new("rrf.ndcg@10", 0.4671, 0.015),
                // The learned ranker at this size (measured 2026-12-02): level with EASE, below the linear blend.
                new("ltr.ndcg@10", 0.4672, 0.015),
                Range("fusion.gain", 0.0, 0.02),
            ],
            [
                new("blend.ndcg@10", "ease.ndcg@10"),
                new("blend.ndcg@10", "bpr.ndcg@10"),
                new("blend.ndcg@10", "itemknn.ndcg@10"),
                new("ease.ndcg@10", "pop.ndcg@10"),
            ]),
        // The ablation at CI size (measured 2026-12-02; RL member = the learned REINFORCE policy): the full blend and the
        // learned ranker beat the best member on accuracy; the deep member carries the tail, the RL member diversity.
        // Tuned weights can move with the members, so the tolerances are wide.
        new("06_ablations.ipynb",
            Small(("users", "800"), ("items", "300"), ("epochs", "6")),
            [
                new("cf.ndcg", 0.4710, 0.01),
                new("rl.ndcg", 0.2376, 0.03),
                new("deep.ndcg", 0.4767, 0.03),
                new("cf+deep+rl.ndcg", 0.5025, 0.03),
                new("ltr.ndcg", 0.4914, 0.03),
                Range("fusion.gain", 0.005, 0.05),
            ],
            [
                new("cf+deep+rl.ndcg", "cf.ndcg"),
                new("cf+deep+rl.ndcg", "rl.ndcg"),
                new("ltr.ndcg", "cf.ndcg"),
                new("cf+deep+rl.cold", "rl.cold"),
                new("deep.tail", "rl.tail"),
                new("rl.diversity", "cf.diversity"),
            ]),
    ];

    private static ExpectedValue Range(string name, double low, double high) => new(name, (low + high) / 2, (high - low) / 2);

    private static Dictionary<string, string> Small(params (string Name, string Value)[] parameters) =>
        parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
