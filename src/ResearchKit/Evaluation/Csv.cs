namespace ResearchKit.Evaluation;

/// <summary>RFC 4180 quoting for the evaluation files the kit writes (reading goes through the loaders' CsvReader).</summary>
internal static class Csv
{
    /// <summary>Quotes a field when it holds a comma, quote or line break.</summary>
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
