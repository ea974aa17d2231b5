using System.Globalization;

namespace ResearchKit.Evaluation;

/// <summary>How every table of the kit prints numbers: one format per column kind, so a column reads alike.</summary>
public static class MetricFormat
{
    /// <summary>A metric value: always 4 decimals; "–" when undefined.</summary>
    public static string Value(double value) =>
        double.IsNaN(value) ? "–" : value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A time in seconds: 2 decimals.</summary>
    public static string Seconds(double seconds) => seconds.ToString("F2", CultureInfo.InvariantCulture);
}
