namespace ResearchKit.Features;

/// <summary>
/// Summary of one feature column over the rows that are not missing (NaN). Std is the population standard
/// deviation (divide by n), the convention of scikit-learn's StandardScaler. All NaN when every value is missing.
/// </summary>
/// <param name="Name">Column name.</param>
/// <param name="Mean">Mean of the present values.</param>
/// <param name="Std">Population standard deviation of the present values.</param>
/// <param name="Min">Smallest present value.</param>
/// <param name="Max">Largest present value.</param>
/// <param name="Missing">Number of NaN values.</param>
public sealed record ColumnStatistics(string Name, double Mean, double Std, double Min, double Max, int Missing)
{
    /// <summary>
    /// Statistics of every column of a row-major matrix in one pass over the data (Welford's online update per
    /// column keeps the variance accurate when the mean is large compared with the spread).
    /// </summary>
    public static ColumnStatistics[] Compute(FeatureSet features)
    {
        ArgumentNullException.ThrowIfNull(features);
        var d = features.ColumnCount;
        var mean = new double[d]; var m2 = new double[d]; var count = new long[d];
        var min = new double[d]; var max = new double[d];
        Array.Fill(min, double.PositiveInfinity); Array.Fill(max, double.NegativeInfinity);
        for (var r = 0; r < features.Rows; r++)
        {
            var row = features.Row(r);
            for (var c = 0; c < d; c++)
            {
                double x = row[c];
                if (double.IsNaN(x)) continue;
                var n = ++count[c];
                var delta = x - mean[c];
                mean[c] += delta / n;
                m2[c] += delta * (x - mean[c]);
                if (x < min[c]) min[c] = x;
                if (x > max[c]) max[c] = x;
            }
        }
        var result = new ColumnStatistics[d];
        for (var c = 0; c < d; c++)
        {
            var n = count[c];
            result[c] = n == 0
                ? new ColumnStatistics(features.Columns[c], double.NaN, double.NaN, double.NaN, double.NaN, features.Rows)
                : new ColumnStatistics(features.Columns[c], mean[c], Math.Sqrt(m2[c] / n), min[c], max[c], (int)(features.Rows - n));
        }
        return result;
    }
}
