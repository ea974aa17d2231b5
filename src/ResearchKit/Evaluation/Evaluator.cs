using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Evaluation;

/// <summary>Progress of an evaluation: users done out of total.</summary>
/// <param name="Done">Users recommended for so far.</param>
/// <param name="Total">Users to evaluate.</param>
public readonly record struct EvaluationProgress(int Done, int Total);

/// <summary>
/// Evaluates a fitted <see cref="IRecommender"/> on a held-out test set (the design card's protocol): every user with
/// at least one test interaction gets a top-k list from <see cref="BatchRecommender.RecommendAll"/> with their training
/// items excluded; each held-out (user, item) is relevant (binary relevance; duplicates count once); users without test
/// items are skipped. Returns per-user values and aggregates keyed by metric name ("precision@10", "map", ...).
/// </summary>
public static class Evaluator
{
    /// <summary>Evaluates <paramref name="model"/> (already fitted on <paramref name="train"/>) on <paramref name="test"/>.</summary>
    public static EvaluationReport Evaluate(IRecommender model, Dataset train, Dataset test, EvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken ct = default) =>
        Evaluate(model, new TrainingSet(train ?? throw new ArgumentNullException(nameof(train))), test, options, progress, ct);

    /// <summary>Evaluates <paramref name="model"/> (already fitted on <paramref name="train"/>) on <paramref name="test"/>.</summary>
    public static EvaluationReport Evaluate(IRecommender model, TrainingSet train, Dataset test, EvaluationOptions? options = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        options ??= new EvaluationOptions();
        options.Validate();
        if (test.ItemCount != train.ItemCount || test.UserCount != train.UserCount)
            throw new ArgumentException($"Test set '{test.Name}' ({test.UserCount} users, {test.ItemCount} items) does not share the id maps of training set '{train.Data.Name}' ({train.UserCount} users, {train.ItemCount} items); split one dataset so both share them.");
        var relevant = test.ToCsr(DuplicatePolicy.Max);
        var users = new List<int>();
        for (var u = 0; u < relevant.Rows; u++) if (relevant.RowLength(u) > 0) users.Add(u);
        var userArray = users.ToArray();

        var context = EvaluationContext.FromTraining(train.UserItems, train.ItemUsers, train.Data.Items, options.Similarity);
        // RMSE/MAE compare scores with ratings: only meaningful for a model that predicts ratings.
        var ratings = options.RatingErrors ?? (model is IRatingPredictor && test.Interactions.Kinds.Contains(EventKind.Rating));
        var table = new MetricTable(userArray.Length, options.K, context.CatalogSize,
            UserMetricsCalculator.Enabled(options, context, scores: true, ratings), options.BeyondAccuracy)
        { SampledCandidates = options.SampledCandidates };
        var auc = table.Enabled[(int)UserMetric.Auc];
        var sampled = options.SampledCandidates > 0;

        void Observe(int row, int user, ReadOnlySpan<float> scores)
        {
            var rel = relevant.RowIndices(user);
            if (auc) table.Values[(int)UserMetric.Auc][row] = Metrics.RankingMetrics.Auc(scores, rel, options.ExcludeSeen ? context.History(user) : []);
            if (sampled) SampledMetrics(table, row, user, scores, rel, context.History(user), options);
            if (!ratings) return;
            var values = relevant.RowValues(user);
            double se = 0, ae = 0;
            for (var j = 0; j < rel.Length; j++)
            {
                var d = (double)scores[rel[j]] - values[j];
                se += d * d; ae += Math.Abs(d);
            }
            table.SquaredError[row] = se; table.AbsoluteError[row] = ae; table.Pairs[row] = rel.Length;
            table.Values[(int)UserMetric.Rmse][row] = Math.Sqrt(se / rel.Length);
            table.Values[(int)UserMetric.Mae][row] = ae / rel.Length;
        }

        var userProgress = progress is null ? null : new SyncProgress<int>(done => progress.Report(new EvaluationProgress(done, userArray.Length)));
        // AUC alone (implicit data) on a dot-product model: counted inside the fused kernel, no score rows needed.
        var lists = auc && !ratings && !sampled && BatchRecommender.CanFuse(model, train)
            ? BatchRecommender.RecommendAllWithAuc(model, train, userArray, options.K, options.ExcludeSeen, relevant,
                table.Values[(int)UserMetric.Auc], options.BlockSize, options.MaxDegreeOfParallelism, userProgress, ct)
            : BatchRecommender.RecommendAll(model, train, userArray, options.K, options.ExcludeSeen,
                auc || ratings || sampled ? Observe : null, options.BlockSize, options.MaxDegreeOfParallelism, userProgress, ct);
        FillListMetrics(table, lists, relevant, context, options);
        return new EvaluationReport(model.Name, table, lists, relevant, context);
    }

    /// <summary>
    /// hr@k(sampledN) and ndcg@k(sampledN) of one user from the raw scores: each held-out item's rank among the user's
    /// N sampled never-interacted items, averaged over the held-out items. A held-out item that is also a training item
    /// is a miss when training items are excluded (it could never be recommended).
    /// </summary>
    private static void SampledMetrics(MetricTable table, int row, int user, ReadOnlySpan<float> scores, ReadOnlySpan<int> relevant,
        ReadOnlySpan<int> history, EvaluationOptions options)
    {
        Span<int> candidates = options.SampledCandidates <= 256 ? stackalloc int[options.SampledCandidates] : new int[options.SampledCandidates];
        var n = Metrics.SampledRanking.Sample(user, options.SampledSeed, scores.Length, history, relevant, candidates);
        double hit = 0, ndcg = 0;
        foreach (var item in relevant)
        {
            if (options.ExcludeSeen && history.BinarySearch(item) >= 0) continue;
            var rank = Metrics.SampledRanking.Rank(scores, item, candidates[..n]);
            hit += Metrics.SampledRanking.HitRate(rank, options.K);
            ndcg += Metrics.SampledRanking.Ndcg(rank, options.K);
        }
        table.Values[(int)UserMetric.SampledHit][row] = hit / relevant.Length;
        table.Values[(int)UserMetric.SampledNdcg][row] = ndcg / relevant.Length;
    }

    /// <summary>The list-based metrics for every row, in parallel (each row writes only its own slots).</summary>
    internal static void FillListMetrics(MetricTable table, RecommendationLists lists, CsrMatrix relevant, EvaluationContext context, EvaluationOptions options)
    {
        Parallel.For(0, lists.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, row =>
        {
            var user = lists.Users[row];
            UserMetricsCalculator.Fill(table, row, lists.Items(row), relevant.RowIndices(user), relevant.RowValues(user),
                context.History(user), context, options.GradedNdcg);
        });
    }
}
