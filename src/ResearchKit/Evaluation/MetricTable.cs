using ResearchKit.Evaluation.Metrics;

namespace ResearchKit.Evaluation;

/// <summary>The per-user metrics, in report order.</summary>
public enum UserMetric
{
    /// <summary>precision@k.</summary>
    Precision,
    /// <summary>recall@k.</summary>
    Recall,
    /// <summary>hit@k.</summary>
    Hit,
    /// <summary>mrr@k.</summary>
    Mrr,
    /// <summary>ndcg@k (binary).</summary>
    Ndcg,
    /// <summary>map@k.</summary>
    MapAtK,
    /// <summary>map (Recommenders).</summary>
    Map,
    /// <summary>ndcg_graded@k.</summary>
    NdcgGraded,
    /// <summary>auc.</summary>
    Auc,
    /// <summary>rmse (per user; the aggregate pools all pairs).</summary>
    Rmse,
    /// <summary>mae (per user; the aggregate pools all pairs).</summary>
    Mae,
    /// <summary>novelty@k.</summary>
    Novelty,
    /// <summary>diversity@k.</summary>
    Diversity,
    /// <summary>serendipity@k.</summary>
    Serendipity,
    /// <summary>arp@k.</summary>
    Arp,
    /// <summary>hr@k(sampledN): the held-out item ranked among N sampled unseen items (<see cref="EvaluationOptions.SampledCandidates"/>).</summary>
    SampledHit,
    /// <summary>ndcg@k(sampledN): 1/log2(rank + 1) of the held-out item among N sampled unseen items.</summary>
    SampledNdcg,
}

/// <summary>
/// Per-user metric values (row = evaluated user) plus what pooled aggregates need (rating error sums,
/// recommendation lists for coverage and Gini). Rows of a metric that was not computed hold NaN.
/// </summary>
internal sealed class MetricTable
{
    public const int MetricCount = (int)UserMetric.SampledNdcg + 1;

    public MetricTable(int rows, int k, int catalogSize, bool[] enabled, bool catalogMetrics)
    {
        Rows = rows; K = k; CatalogSize = catalogSize; Enabled = enabled; CatalogMetrics = catalogMetrics;
        Values = new double[MetricCount][];
        for (var m = 0; m < MetricCount; m++)
        {
            Values[m] = new double[rows];
            if (!enabled[m]) Array.Fill(Values[m], double.NaN);
        }
        SquaredError = new double[rows]; AbsoluteError = new double[rows]; Pairs = new int[rows];
    }

    public int Rows { get; }
    public int K { get; }
    public int CatalogSize { get; }
    public bool[] Enabled { get; }
    public bool CatalogMetrics { get; }
    public double[][] Values { get; }
    public double[] SquaredError { get; }
    public double[] AbsoluteError { get; }
    public int[] Pairs { get; }

    /// <summary>N of the sampled-candidate metrics (0 when they are not computed); part of their names.</summary>
    public int SampledCandidates { get; init; }

    public string Name(UserMetric metric) => Name(metric, K, SampledCandidates);

    public static string Name(UserMetric metric, int k, int sampled = 0) => metric switch
    {
        UserMetric.Precision => $"precision@{k}",
        UserMetric.Recall => $"recall@{k}",
        UserMetric.Hit => $"hit@{k}",
        UserMetric.Mrr => $"mrr@{k}",
        UserMetric.Ndcg => $"ndcg@{k}",
        UserMetric.MapAtK => $"map@{k}",
        UserMetric.Map => "map",
        UserMetric.NdcgGraded => $"ndcg_graded@{k}",
        UserMetric.Auc => "auc",
        UserMetric.Rmse => "rmse",
        UserMetric.Mae => "mae",
        UserMetric.Novelty => $"novelty@{k}",
        UserMetric.Diversity => $"diversity@{k}",
        UserMetric.Serendipity => $"serendipity@{k}",
        UserMetric.Arp => $"arp@{k}",
        UserMetric.SampledHit => $"hr@{k}(sampled{sampled})",
        UserMetric.SampledNdcg => $"ndcg@{k}(sampled{sampled})",
        _ => throw new ArgumentOutOfRangeException(nameof(metric)),
    };

    /// <summary>Metric names in report order: enabled per-user metrics, then coverage@k and gini@k.</summary>
    public List<string> Names()
    {
        var names = new List<string>();
        for (var m = 0; m < MetricCount; m++) if (Enabled[m]) names.Add(Name((UserMetric)m));
        if (CatalogMetrics) { names.Add($"coverage@{K}"); names.Add($"gini@{K}"); }
        return names;
    }

    /// <summary>
    /// Aggregates over <paramref name="rows"/> (repeats allowed, as in a bootstrap resample): the mean of defined
    /// (non-NaN) values; RMSE and MAE pool all (prediction, value) pairs; coverage and Gini count the lists.
    /// </summary>
    public Dictionary<string, double> Aggregate(ReadOnlySpan<int> rows, RecommendationLists lists)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var m = 0; m < MetricCount; m++)
        {
            if (!Enabled[m]) continue;
            var metric = (UserMetric)m;
            result[Name(metric)] = metric switch
            {
                UserMetric.Rmse => Pooled(rows, SquaredError, sqrt: true),
                UserMetric.Mae => Pooled(rows, AbsoluteError, sqrt: false),
                _ => Mean(rows, Values[m]),
            };
        }
        if (CatalogMetrics)
        {
            var counts = new int[CatalogSize];
            foreach (var r in rows)
                foreach (var item in lists.Items(r)) if ((uint)item < (uint)counts.Length) counts[item]++;
            result[$"coverage@{K}"] = BeyondAccuracyMetrics.Coverage(counts);
            result[$"gini@{K}"] = BeyondAccuracyMetrics.Gini(counts);
        }
        return result;
    }

    private static double Mean(ReadOnlySpan<int> rows, double[] values)
    {
        double sum = 0; var n = 0;
        foreach (var r in rows)
        {
            var v = values[r];
            if (double.IsNaN(v)) continue;
            sum += v; n++;
        }
        return n == 0 ? double.NaN : sum / n;
    }

    private double Pooled(ReadOnlySpan<int> rows, double[] errors, bool sqrt)
    {
        double sum = 0; long n = 0;
        foreach (var r in rows) { sum += errors[r]; n += Pairs[r]; }
        if (n == 0) return double.NaN;
        return sqrt ? Math.Sqrt(sum / n) : sum / n;
    }
}
