using ResearchKit.Data;
using ResearchKit.Data.Loaders;

namespace ResearchKit.Evaluation;

/// <summary>
/// Evaluates recommendation lists produced outside the kit (<c>kit evaluate</c>), with the same metric code as
/// <see cref="Evaluator"/>. Files are CSV with a header; ids are strings (compared exactly).
/// <list type="bullet">
/// <item>recommendations: <c>user,item[,rank|score]</c>. Order per user: ascending rank when a rank column exists,
/// else descending score, else file order; ties keep file order. A repeated (user, item) keeps its first position.</item>
/// <item>truth: <c>user,item</c>; every row is relevant (binary relevance, duplicates count once).</item>
/// <item>train (optional): <c>user,item</c>; recommended items the user has in training are dropped before the list is
/// cut at k (the kit's protocol), and training data enables novelty, ARP, diversity (co-occurrence) and serendipity.</item>
/// </list>
/// As in Microsoft Recommenders' python_evaluation, only users present in both truth and recommendations are
/// evaluated; <see cref="ExternalEvaluationResult.TruthUsersWithoutRecommendations"/> counts the others.
/// </summary>
public static class ExternalEvaluation
{
    /// <summary>Reads the files and evaluates at <paramref name="options"/>.K.</summary>
    public static ExternalEvaluationResult EvaluateFiles(string recommendationsPath, string truthPath, string? trainPath = null, EvaluationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(recommendationsPath);
        ArgumentNullException.ThrowIfNull(truthPath);
        options ??= new EvaluationOptions();
        options.Validate();
        var users = new IdMap(); var items = new IdMap();
        var truth = ReadPairs(truthPath, users, items, out _);
        var recs = ReadPairs(recommendationsPath, users, items, out var order);
        var train = trainPath is null ? null : ReadPairs(trainPath, users, items, out _);
        options.ValidateK(items.Count);

        var relevant = ToCsr(truth, users.Count, items.Count);
        EvaluationContext context;
        CsrMatrix? seen = null;
        if (train is not null)
        {
            seen = ToCsr(train, users.Count, items.Count);
            context = EvaluationContext.FromTraining(seen, seen.Transpose(), null, options.Similarity);
        }
        else context = EvaluationContext.WithoutTraining(items.Count);

        // Group recommendation rows per user, ordered by (rank asc | score desc | file order), file order breaking ties.
        var perUser = new List<int>[users.Count];
        for (var r = 0; r < recs.Users.Count; r++) (perUser[recs.Users[r]] ??= []).Add(r);
        var evaluated = new List<int>();
        var missing = 0;
        for (var u = 0; u < users.Count; u++)
        {
            if (relevant.RowLength(u) == 0) continue;
            if (perUser[u] is null) missing++;
            else evaluated.Add(u);
        }
        var lists = new RecommendationLists(evaluated.ToArray(), options.K);
        var buffer = new List<int>(); var scores = new List<float>(); var taken = new HashSet<int>();
        for (var row = 0; row < evaluated.Count; row++)
        {
            var user = evaluated[row];
            var rows = perUser[user]!;
            if (order != null) rows.Sort((a, b) => { var c = order(a, b); return c != 0 ? c : a.CompareTo(b); });
            buffer.Clear(); scores.Clear(); taken.Clear();
            var history = seen is not null && user < seen.Rows ? seen.RowIndices(user) : [];
            foreach (var r in rows)
            {
                var item = recs.Items[r];
                if (!taken.Add(item) || history.BinarySearch(item) >= 0) continue;
                buffer.Add(item); scores.Add(recs.Values[r]);
                if (buffer.Count == options.K) break;
            }
            lists.SetRow(row, buffer.ToArray(), scores.ToArray());
        }
        var noScores = options with { Auc = false, RatingErrors = false };
        var table = new MetricTable(lists.Count, options.K, context.CatalogSize,
            UserMetricsCalculator.Enabled(noScores, context, scores: false, ratings: false), options.BeyondAccuracy);
        Evaluator.FillListMetrics(table, lists, relevant, context, noScores);
        var report = new EvaluationReport(Path.GetFileNameWithoutExtension(recommendationsPath), table, lists, relevant, context);
        return new ExternalEvaluationResult(report, users, items, missing);
    }

    private sealed record Pairs(List<int> Users, List<int> Items, List<float> Values);

    // Through the loaders' CsvReader (one CSV engine): quotes, gzip, FIFO refusal, encodings, line limits and
    // located errors ("FILE line L, column 'C': expected …") come with it.
    private static Pairs ReadPairs(string path, IdMap users, IdMap items, out Comparison<int>? order)
    {
        order = null;
        using var csv = new CsvReader(path, ",", '"', hasHeader: true, encoding: CsvLoader.StrictUtf8);
        int ui = csv.IndexOf("user"), ii = csv.IndexOf("item");
        if (ui < 0 || ii < 0)
            throw new CsvFormatException(path, 1, null, "a header naming the columns 'user' and 'item' (optionally 'rank' or 'score')", string.Join(",", csv.Header));
        var ri = csv.IndexOf("rank"); var si = ri >= 0 ? -1 : csv.IndexOf("score");
        var valueColumn = ri >= 0 ? ri : si;
        var need = Math.Max(Math.Max(ui, ii), valueColumn) + 1;
        var result = new Pairs([], [], []);
        while (csv.ReadRow())
        {
            csv.RequireFields(need);
            var value = valueColumn >= 0 ? csv.GetSingle(valueColumn) : 0f;
            result.Users.Add(users.GetOrAdd(csv.GetId(ui))); result.Items.Add(items.GetOrAdd(csv.GetId(ii))); result.Values.Add(value);
        }
        var values = result.Values;
        if (ri >= 0) order = (a, b) => values[a].CompareTo(values[b]);
        else if (si >= 0) order = (a, b) => values[b].CompareTo(values[a]);
        return result;
    }

    private static CsrMatrix ToCsr(Pairs pairs, int users, int items)
    {
        var ones = new float[pairs.Users.Count];
        Array.Fill(ones, 1f);
        return CsrMatrix.FromCoordinates(users, items, pairs.Users.ToArray(), pairs.Items.ToArray(), ones, DuplicatePolicy.Max);
    }
}

/// <summary>The report of an external evaluation plus the id maps it built.</summary>
/// <param name="Report">Metrics (user and item ids are dense ids of <paramref name="UserIds"/>/<paramref name="ItemIds"/>).</param>
/// <param name="UserIds">User ids across the files.</param>
/// <param name="ItemIds">Item ids across the files.</param>
/// <param name="TruthUsersWithoutRecommendations">Users with truth rows but no recommendations (not evaluated).</param>
public sealed record ExternalEvaluationResult(EvaluationReport Report, IdMap UserIds, IdMap ItemIds, int TruthUsersWithoutRecommendations);
