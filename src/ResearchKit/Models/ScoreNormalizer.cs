namespace ResearchKit.Models;

/// <summary>How component scores are put on a common scale before they are blended.</summary>
public enum ScoreNormalization
{
    /// <summary>Raw scores (only sensible when models share a scale).</summary>
    None,
    /// <summary>(s − min) / (max − min) over the finite scores, into [0, 1].</summary>
    MinMax,
    /// <summary>(s − mean) / std over the finite scores (Montague &amp; Aslam 2001, "Relevance score normalization").</summary>
    ZScore,
    /// <summary>1 − rank / n: only the order of the scores counts.</summary>
    Rank,
}

/// <summary>
/// In-place score normalisation that leaves masked scores (−∞, NaN) untouched, so masking survives blending.
/// </summary>
public static class ScoreNormalizer
{
    /// <summary>Normalises the finite entries of <paramref name="scores"/> in place.</summary>
    public static void Normalize(Span<float> scores, ScoreNormalization method)
    {
        switch (method)
        {
            case ScoreNormalization.None: return;
            case ScoreNormalization.MinMax: MinMax(scores); return;
            case ScoreNormalization.ZScore: ZScore(scores); return;
            case ScoreNormalization.Rank: Rank(scores); return;
            default: throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown normalisation.");
        }
    }

    private static void MinMax(Span<float> scores)
    {
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var s in scores)
            if (float.IsFinite(s)) { if (s < min) min = s; if (s > max) max = s; }
        if (!(max >= min)) return;
        var range = max - min;
        for (var i = 0; i < scores.Length; i++)
            if (float.IsFinite(scores[i])) scores[i] = range > 0 ? (scores[i] - min) / range : 1f;
    }

    private static void ZScore(Span<float> scores)
    {
        double sum = 0, sumSq = 0; var n = 0;
        foreach (var s in scores)
            if (float.IsFinite(s)) { sum += s; sumSq += (double)s * s; n++; }
        if (n == 0) return;
        var mean = sum / n;
        var std = Math.Sqrt(Math.Max(0, (sumSq / n) - (mean * mean)));
        var inv = std > 0 ? 1 / std : 0;
        for (var i = 0; i < scores.Length; i++)
            if (float.IsFinite(scores[i])) scores[i] = (float)((scores[i] - mean) * inv);
    }

    private static void Rank(Span<float> scores)
    {
        var n = scores.Length;
        var order = new int[n];
        var keys = new float[n];
        var finite = 0;
        for (var i = 0; i < n; i++)
            if (float.IsFinite(scores[i])) { order[finite] = i; keys[finite] = -scores[i]; finite++; }
        // Stable by item id for ties: sort indices first by key then by id.
        var idx = order.AsSpan(0, finite);
        var key = keys.AsSpan(0, finite);
        key.Sort(idx);
        StableTies(key, idx);
        for (var r = 0; r < finite; r++) scores[idx[r]] = 1f - ((float)r / finite);
    }

    private static void StableTies(Span<float> keys, Span<int> idx)
    {
        var start = 0;
        for (var i = 1; i <= keys.Length; i++)
        {
            if (i == keys.Length || keys[i] != keys[start])
            {
                idx[start..i].Sort();
                start = i;
            }
        }
    }
}
