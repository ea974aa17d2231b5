using System.Buffers;
using ResearchKit.Data;

namespace ResearchKit.Evaluation.Metrics;

/// <summary>
/// The sampled-candidate protocol of the sequential-recommendation papers (e.g. Kang &amp; McAuley, SASRec, ICDM 2018):
/// a held-out item is ranked among N items drawn uniformly from those the user never interacted with, and
/// HR@k = [rank ≤ k], nDCG@k = [rank ≤ k] / log2(rank + 1). Krichene &amp; Rendle ("On Sampled Metrics for Item
/// Recommendation", KDD 2020) show these values are not consistent with the full-catalogue metrics (model orderings
/// can flip), so the kit reports them beside the full ones, never instead.
/// </summary>
public static class SampledRanking
{
    /// <summary>
    /// The 1-based rank of <paramref name="target"/> among itself and <paramref name="candidates"/> under the kit's list
    /// order (higher score first, ties to the lower item id, as <c>TopK.Select</c>), so it is the target's position in
    /// the full-catalogue list restricted to these items. A NaN or −∞ target is never listed: returns
    /// <see cref="int.MaxValue"/> (a miss at every k); NaN candidates never rank above the target.
    /// </summary>
    public static int Rank(ReadOnlySpan<float> scores, int target, ReadOnlySpan<int> candidates)
    {
        var s = scores[target];
        if (!Listed(s)) return int.MaxValue;
        var rank = 1;
        foreach (var c in candidates)
        {
            var x = scores[c];
            if (x > s || (x == s && c < target)) rank++;
        }
        return rank;
    }

    /// <summary>Whether a score can appear in a list (not NaN, not −∞).</summary>
    public static bool Listed(float score) => !float.IsNaN(score) && !float.IsNegativeInfinity(score);

    /// <summary>HR@k of one held-out item at <paramref name="rank"/> (0 when it is unlisted, rank = int.MaxValue).</summary>
    public static double HitRate(int rank, int k) => rank <= k ? 1 : 0;

    /// <summary>nDCG@k of one held-out item at <paramref name="rank"/>: 1/log2(rank + 1) when rank ≤ k, else 0 (the ideal DCG is 1).</summary>
    public static double Ndcg(int rank, int k) => rank <= k ? 1 / Math.Log2(rank + 1) : 0;

    /// <summary>
    /// Draws <c>min(N, eligible)</c> distinct items uniformly from [0, <paramref name="itemCount"/>) minus the sorted sets
    /// <paramref name="history"/> and <paramref name="heldOut"/>, into <paramref name="output"/> (N = its length), from a
    /// stream fixed by (<paramref name="seed"/>, <paramref name="user"/>) alone — every model in an experiment is ranked
    /// against the same candidates, independent of the thread count. Returns how many were drawn, in ascending order.
    /// </summary>
    public static int Sample(int user, int seed, int itemCount, ReadOnlySpan<int> history, ReadOnlySpan<int> heldOut, Span<int> output)
    {
        var excluded = CountUnion(history, heldOut);
        var eligible = itemCount - excluded;
        var n = Math.Min(output.Length, eligible);
        if (n <= 0) return 0;
        var rng = new SeededRandom(seed, user);
        if (eligible <= 4 * n)
        {
            // Dense case (few eligible items): list them and take a partial Fisher–Yates shuffle.
            var pool = ArrayPool<int>.Shared.Rent(eligible);
            try
            {
                var m = 0;
                for (var i = 0; i < itemCount; i++) if (!Contains(history, i) && !Contains(heldOut, i)) pool[m++] = i;
                for (var j = 0; j < n; j++)
                {
                    var r = j + rng.NextInt(m - j);
                    (pool[j], pool[r]) = (pool[r], pool[j]);
                }
                pool.AsSpan(0, n).CopyTo(output);
            }
            finally { ArrayPool<int>.Shared.Return(pool); }
            output[..n].Sort();
            return n;
        }
        // Sparse case: rejection sampling; drawn items are kept sorted, so a repeat is found by binary search.
        var count = 0;
        while (count < n)
        {
            var item = rng.NextInt(itemCount);
            if (Contains(history, item) || Contains(heldOut, item)) continue;
            var at = output[..count].BinarySearch(item);
            if (at >= 0) continue;
            at = ~at;
            output[at..count].CopyTo(output[(at + 1)..]);
            output[at] = item;
            count++;
        }
        return n;
    }

    private static bool Contains(ReadOnlySpan<int> sorted, int item) => sorted.BinarySearch(item) >= 0;

    private static int CountUnion(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        var both = 0;
        foreach (var x in b) if (Contains(a, x)) both++;
        return a.Length + b.Length - both;
    }
}
