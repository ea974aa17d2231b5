namespace ResearchKit.Evaluation.Metrics;

/// <summary>Rating-prediction errors over aligned (predicted, actual) pairs, as in Recommenders' rmse / mae.</summary>
public static class RatingMetrics
{
    /// <summary>Root mean squared error √(Σ (p − a)² / n); NaN for no pairs.</summary>
    public static double Rmse(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        Check(predicted, actual);
        if (predicted.IsEmpty) return double.NaN;
        double sum = 0;
        for (var i = 0; i < predicted.Length; i++) { var d = (double)predicted[i] - actual[i]; sum += d * d; }
        return Math.Sqrt(sum / predicted.Length);
    }

    /// <summary>Mean absolute error Σ |p − a| / n; NaN for no pairs.</summary>
    public static double Mae(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        Check(predicted, actual);
        if (predicted.IsEmpty) return double.NaN;
        double sum = 0;
        for (var i = 0; i < predicted.Length; i++) sum += Math.Abs((double)predicted[i] - actual[i]);
        return sum / predicted.Length;
    }

    private static void Check(ReadOnlySpan<float> predicted, ReadOnlySpan<float> actual)
    {
        if (predicted.Length != actual.Length)
            throw new ArgumentException($"predicted has {predicted.Length} values but actual has {actual.Length}; they must be aligned.", nameof(actual));
    }
}
