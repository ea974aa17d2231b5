using System.Buffers;
using System.Numerics;

namespace ResearchKit.Evaluation.Metrics;

/// <summary>
/// Per-user top-k ranking metrics with binary relevance, as pure functions of one user's ranked list and
/// relevant set. Conventions shared by every function:
/// <list type="bullet">
/// <item><c>recommended</c> is best first and holds distinct item ids; only its first <c>min(k, length)</c> entries count.
/// A list shorter than k (too few candidates) is not padded: precision still divides by k.</item>
/// <item><c>relevant</c> is sorted ascending and distinct (a row of the test CSR matrix). An empty relevant set
/// gives 0 for every metric; the evaluator skips such users instead of averaging those zeros.</item>
/// </list>
/// The definitions agree with Microsoft Recommenders' <c>python_evaluation</c>: precision divides by k,
/// recall by |relevant|, <see cref="MapAtK"/> by min(k, |relevant|), <see cref="Map"/> by |relevant|, nDCG is binary.
/// </summary>
public static class RankingMetrics
{
    /// <summary>True when <paramref name="item"/> is in the sorted set <paramref name="relevant"/>.</summary>
    public static bool IsRelevant(ReadOnlySpan<int> relevant, int item) => relevant.BinarySearch(item) >= 0;

    /// <summary>Number of relevant items among the first k recommended.</summary>
    public static int Hits(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k)
    {
        var n = Cut(recommended, k);
        var hits = 0;
        for (var i = 0; i < n; i++) if (IsRelevant(relevant, recommended[i])) hits++;
        return hits;
    }

    /// <summary>precision@k = hits / k.</summary>
    public static double Precision(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return relevant.IsEmpty ? 0 : (double)Hits(recommended, relevant, k) / k;
    }

    /// <summary>recall@k = hits / |relevant|.</summary>
    public static double Recall(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k) =>
        relevant.IsEmpty ? 0 : (double)Hits(recommended, relevant, k) / relevant.Length;

    /// <summary>hit@k = 1 when at least one of the first k is relevant, else 0.</summary>
    public static double Hit(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k) =>
        Hits(recommended, relevant, k) > 0 ? 1 : 0;

    /// <summary>mrr@k = 1 / rank of the first relevant item within the first k (0 when none).</summary>
    public static double ReciprocalRank(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k)
    {
        var n = Cut(recommended, k);
        for (var i = 0; i < n; i++) if (IsRelevant(relevant, recommended[i])) return 1.0 / (i + 1);
        return 0;
    }

    /// <summary>
    /// Binary ndcg@k = DCG / IDCG with gain 1 per hit and discount 1/log2(1 + rank) (rank from 1);
    /// IDCG puts min(k, |relevant|) hits at ranks 1.. (Järvelin and Kekäläinen 2002, binary form).
    /// </summary>
    public static double Ndcg(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (relevant.IsEmpty) return 0;
        var n = Cut(recommended, k);
        double dcg = 0;
        for (var i = 0; i < n; i++) if (IsRelevant(relevant, recommended[i])) dcg += Discount(i + 1);
        double idcg = 0;
        var ideal = Math.Min(k, relevant.Length);
        for (var r = 1; r <= ideal; r++) idcg += Discount(r);
        return dcg / idcg;
    }

    /// <summary>
    /// Graded ndcg@k: the recommended item at rank r gains <c>g</c> (or <c>2^g − 1</c> when
    /// <paramref name="exponential"/>) where g is its entry in <paramref name="gains"/> (aligned with
    /// <paramref name="relevant"/>; 0 for items not relevant); IDCG sorts the gains descending over min(k, |relevant|) ranks.
    /// With all gains 1 this equals <see cref="Ndcg"/>. Matches Recommenders' ndcg_at_k with score_type "raw" / "exp".
    /// </summary>
    public static double NdcgGraded(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, ReadOnlySpan<float> gains, int k, bool exponential = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (gains.Length != relevant.Length) throw new ArgumentException("gains must be aligned with relevant.", nameof(gains));
        if (relevant.IsEmpty) return 0;
        var n = Cut(recommended, k);
        double dcg = 0;
        for (var i = 0; i < n; i++)
        {
            var j = relevant.BinarySearch(recommended[i]);
            if (j >= 0) dcg += Gain(gains[j], exponential) * Discount(i + 1);
        }
        var rented = ArrayPool<float>.Shared.Rent(gains.Length);
        try
        {
            var sorted = rented.AsSpan(0, gains.Length);
            gains.CopyTo(sorted);
            sorted.Sort();
            double idcg = 0;
            var ideal = Math.Min(k, sorted.Length);
            for (var r = 1; r <= ideal; r++) idcg += Gain(sorted[^r], exponential) * Discount(r);
            return idcg > 0 ? dcg / idcg : 0;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>map@k (average precision at k) = Σ over hits at rank r of (hits within ranks 1..r) / r, divided by min(k, |relevant|).</summary>
    public static double MapAtK(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        return relevant.IsEmpty ? 0 : PrecisionSum(recommended, relevant, k) / Math.Min(k, relevant.Length);
    }

    /// <summary>
    /// Recommenders-style MAP: the same sum as <see cref="MapAtK"/> over the first k, divided by |relevant|
    /// (the value Microsoft Recommenders' benchmark tables call MAP).
    /// </summary>
    public static double Map(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k) =>
        relevant.IsEmpty ? 0 : PrecisionSum(recommended, relevant, k) / relevant.Length;

    private static double PrecisionSum(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant, int k)
    {
        var n = Cut(recommended, k);
        double sum = 0; var hits = 0;
        for (var i = 0; i < n; i++)
        {
            if (!IsRelevant(relevant, recommended[i])) continue;
            hits++;
            sum += (double)hits / (i + 1);
        }
        return sum;
    }

    /// <summary>
    /// Per-user ranking AUC over the whole candidate set: the probability that a relevant item scores above a
    /// non-relevant candidate, ties counting ½. Candidates are items not in <paramref name="excluded"/> (sorted
    /// ascending; the user's training items) whose score is neither −∞ nor NaN; relevant items that are not
    /// candidates are ignored. NaN when there is no relevant candidate or no non-relevant one (the evaluator skips NaN).
    /// Vectorised counting: O(|relevant| · items / SIMD width).
    /// </summary>
    public static double Auc(ReadOnlySpan<float> scores, ReadOnlySpan<int> relevant, ReadOnlySpan<int> excluded = default)
    {
        var candidates = CountAbove(scores, float.NegativeInfinity);
        foreach (var e in excluded) if (IsCandidate(scores[e])) candidates--;
        var relCount = 0;
        foreach (var item in relevant) if (IsCandidate(scores[item]) && !IsRelevant(excluded, item)) relCount++;
        var negatives = candidates - relCount;
        if (relCount == 0 || negatives <= 0) return double.NaN;
        double wins = 0;
        foreach (var r in relevant)
        {
            var s = scores[r];
            if (!IsCandidate(s) || IsRelevant(excluded, r)) continue;
            CountLessAndEqual(scores, s, out var less, out var equal);
            // Only non-relevant candidates compete: take out excluded items and relevant candidates (r itself is among "equal").
            foreach (var e in excluded) Uncount(scores[e], s, ref less, ref equal);
            foreach (var q in relevant) if (!IsRelevant(excluded, q)) Uncount(scores[q], s, ref less, ref equal);
            wins += less + (0.5 * equal);
        }
        return wins / ((double)relCount * negatives);
    }

    private static void Uncount(float t, float s, ref int less, ref int equal)
    {
        if (!IsCandidate(t)) return;
        if (t < s) less--;
        else if (t == s) equal--;
    }

    private static bool IsCandidate(float s) => s > float.NegativeInfinity; // false for NaN too

    private static int CountAbove(ReadOnlySpan<float> scores, float threshold)
    {
        var count = 0;
        foreach (var s in scores) if (s > threshold) count++;
        return count;
    }

    // Counts candidates (> −∞) strictly below s, and entries equal to s, with Vector<T> compares.
    private static void CountLessAndEqual(ReadOnlySpan<float> scores, float s, out int less, out int equal)
    {
        var i = 0;
        var width = Vector<float>.Count;
        var lessAcc = Vector<int>.Zero; var eqAcc = Vector<int>.Zero;
        var sv = new Vector<float>(s); var ninf = new Vector<float>(float.NegativeInfinity);
        for (; i <= scores.Length - width; i += width)
        {
            var v = new Vector<float>(scores[i..]);
            // Compare masks are all-ones (−1) per true lane, so subtracting them counts.
            lessAcc -= Vector.LessThan(v, sv) & Vector.GreaterThan(v, ninf);
            eqAcc -= Vector.Equals(v, sv);
        }
        less = Vector.Sum(lessAcc); equal = Vector.Sum(eqAcc);
        for (; i < scores.Length; i++)
        {
            var x = scores[i];
            if (x < s && x > float.NegativeInfinity) less++;
            else if (x == s) equal++;
        }
    }

    /// <summary>The discount 1 / log2(1 + rank) for a 1-based rank.</summary>
    public static double Discount(int rank) => 1.0 / Math.Log2(1 + rank);

    private static double Gain(float g, bool exponential) => exponential ? Math.Pow(2, g) - 1 : g;

    private static int Cut(ReadOnlySpan<int> recommended, int k) => Math.Min(Math.Max(k, 0), recommended.Length);
}
