using System.Numerics;
using System.Runtime.CompilerServices;

namespace ResearchKit.Models;

/// <summary>
/// Partial selection of the k best scores: a size-k min-heap scanned once over the scores, O(n + m log k)
/// where m is the number of heap replacements (small for k ≪ n). Ties are broken by the lower item id,
/// so results are deterministic. NaN and -∞ scores are never selected (use -∞ to mask an item).
/// </summary>
public static class TopK
{
    /// <summary>
    /// Writes the best <c>min(k, selectable)</c> items (best first) into <paramref name="items"/>/<paramref name="topScores"/>
    /// and returns how many were written.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // the hot loop of every batch recommendation: skip tier-0 code
    public static int Select(ReadOnlySpan<float> scores, int k, Span<int> items, Span<float> topScores)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        if (items.Length < k || topScores.Length < k) throw new ArgumentException("Output spans must hold k entries.");
        var size = 0;
        if (k == 0) return 0;
        var worst = float.NegativeInfinity;
        var i = 0;
        // Fill phase: the first k selectable scores go straight into the heap.
        for (; i < scores.Length && size < k; i++)
        {
            var s = scores[i];
            if (!(s > float.NegativeInfinity)) continue; // skips NaN and -inf
            items[size] = i; topScores[size] = s; size++;
            SiftUp(items, topScores, size - 1);
            worst = topScores[0];
        }
        // Steady phase: a SIMD compare skips whole vectors with nothing above the heap's worst (the common case
        // once the heap holds good items), so the scan runs near memory speed.
        var width = Vector<float>.Count;
        while (i < scores.Length)
        {
            var end = scores.Length;
            if (Vector.IsHardwareAccelerated && i + width <= scores.Length)
            {
                if (!Vector.GreaterThanAny(new Vector<float>(scores.Slice(i, width)), new Vector<float>(worst)))
                {
                    i += width;
                    continue;
                }
                end = i + width;
            }
            for (; i < end; i++)
            {
                var s = scores[i];
                if (!(s > worst)) continue;
                // Items arrive in ascending id order, so an equal score never displaces the heap's worst.
                items[0] = i; topScores[0] = s;
                SiftDown(items, topScores, 0, size);
                worst = topScores[0];
            }
        }
        SortHeap(items, topScores, size);
        return size;
    }

    /// <summary>
    /// Adds (<paramref name="item"/>, <paramref name="score"/>) to a min-heap held in the first <paramref name="size"/>
    /// entries of spans of capacity k (their length); when full, the worst entry is replaced, so the caller must offer only
    /// scores that beat it (<see cref="HeapThreshold"/>) and offer items in ascending id order for the id tie-break.
    /// </summary>
    internal static void Offer(Span<int> items, Span<float> scores, ref int size, int item, float score)
    {
        if (size < items.Length)
        {
            items[size] = item; scores[size] = score; size++;
            SiftUp(items, scores, size - 1);
        }
        else
        {
            items[0] = item; scores[0] = score;
            SiftDown(items, scores, 0, size);
        }
    }

    /// <summary>The score an item must exceed to enter a heap of capacity <paramref name="capacity"/> (−∞ until it is full).</summary>
    internal static float HeapThreshold(ReadOnlySpan<float> scores, int size, int capacity) =>
        size < capacity ? float.NegativeInfinity : scores[0];

    /// <summary>Heap-sorts the first <paramref name="size"/> entries in place into best-first order.</summary>
    internal static void SortHeap(Span<int> items, Span<float> scores, int size)
    {
        // Repeatedly move the worst to the end.
        for (var end = size - 1; end > 0; end--)
        {
            Swap(items, scores, 0, end);
            SiftDown(items, scores, 0, end);
        }
    }

    /// <summary>Convenience overload returning a <see cref="Recommendations"/>.</summary>
    public static Recommendations Select(ReadOnlySpan<float> scores, int k)
    {
        k = Math.Min(k, scores.Length);
        var items = new int[k]; var s = new float[k];
        var n = Select(scores, k, items, s);
        return n == k ? new Recommendations(items, s) : new Recommendations(items[..n], s[..n]);
    }

    // "a is worse than b": lower score, or equal score and higher id. The heap root is the worst element.
    private static bool Worse(Span<int> items, Span<float> scores, int a, int b) =>
        scores[a] < scores[b] || (scores[a] == scores[b] && items[a] > items[b]);

    private static void SiftUp(Span<int> items, Span<float> scores, int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) >> 1;
            if (!Worse(items, scores, i, parent)) break;
            Swap(items, scores, i, parent);
            i = parent;
        }
    }

    private static void SiftDown(Span<int> items, Span<float> scores, int i, int size)
    {
        while (true)
        {
            var l = (2 * i) + 1;
            if (l >= size) return;
            var r = l + 1;
            var w = r < size && Worse(items, scores, r, l) ? r : l;
            if (!Worse(items, scores, w, i)) return;
            Swap(items, scores, i, w);
            i = w;
        }
    }

    private static void Swap(Span<int> items, Span<float> scores, int a, int b)
    {
        (items[a], items[b]) = (items[b], items[a]);
        (scores[a], scores[b]) = (scores[b], scores[a]);
    }
}
