namespace ResearchKit.Data.Loaders;

/// <summary>
/// A problem with an input file, located: which file, which line (1-based), which column, and what was expected.
/// </summary>
public sealed class CsvFormatException : FormatException
{
    /// <summary>Creates the error; the message reads "FILE line L, column 'C': expected E, got 'V'."</summary>
    public CsvFormatException(string file, long line, string? column, string expected, string? got = null, Exception? inner = null)
        : base(Compose(file, line, column, expected, got), inner)
    {
        File = file; Line = line; Column = column; Expected = expected;
    }

    /// <summary>The file (as given to the loader).</summary>
    public string File { get; }

    /// <summary>1-based line number (0 when the problem is the whole file).</summary>
    public long Line { get; }

    /// <summary>The column name (or 1-based position) when the problem is one field.</summary>
    public string? Column { get; }

    /// <summary>What the loader expected.</summary>
    public string Expected { get; }

    private static string Compose(string file, long line, string? column, string expected, string? got)
    {
        var where = line > 0 ? $"{file} line {line}" : file;
        if (column is not null) where += $", column '{column}'";
        var text = $"{where}: expected {expected}";
        if (got is not null) text += $", got '{(got.Length > 60 ? got[..60] + "…" : got)}'";
        return text + ".";
    }
}
