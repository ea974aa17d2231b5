using System.Text;

namespace ResearchKit.Evaluation;

/// <summary>Minimal RFC 4180 CSV helpers for the evaluation files (quoted fields, doubled quotes).</summary>
internal static class Csv
{
    /// <summary>Quotes a field when it holds a comma, quote or line break.</summary>
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Splits one line into fields; throws <see cref="FormatException"/> naming file and line on a bad quote.</summary>
    public static List<string> Split(string line, string file, int lineNumber)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c != '"') { sb.Append(c); continue; }
                if (i + 1 < line.Length && line[i + 1] == '"') { sb.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"' && sb.Length == 0) quoted = true;
            else if (c == ',') { fields.Add(sb.ToString()); sb.Clear(); }
            else sb.Append(c);
        }
        if (quoted) throw new FormatException($"{file}:{lineNumber}: unterminated quoted field.");
        fields.Add(sb.ToString().Trim());
        for (var i = 0; i < fields.Count - 1; i++) fields[i] = fields[i].Trim();
        return fields;
    }
}
