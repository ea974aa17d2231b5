namespace ResearchKit.Data;

/// <summary>What a loader did: rows read and kept, bad rows skipped (with <see cref="DataLoadOptions.SkipBadRows"/>),
/// rows dropped on purpose (e.g. missing customer ids) with their reasons.</summary>
/// <param name="Source">The file or spec that was loaded.</param>
/// <param name="RowsRead">Data rows read (header excluded).</param>
/// <param name="RowsLoaded">Rows that became interactions.</param>
/// <param name="BadRowsSkipped">Malformed rows skipped because <see cref="DataLoadOptions.SkipBadRows"/> was on.</param>
/// <param name="Dropped">Rows dropped on purpose, by reason (e.g. "missing CustomerID" → 135080).</param>
/// <param name="FirstErrors">The first few skipped-row errors (file, line, column, what was expected).</param>
public sealed record LoadReport(string Source, long RowsRead, long RowsLoaded, long BadRowsSkipped,
    IReadOnlyDictionary<string, long> Dropped, IReadOnlyList<string> FirstErrors)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var text = $"{Source}: {RowsLoaded:N0} of {RowsRead:N0} rows loaded";
        if (BadRowsSkipped > 0) text += $", {BadRowsSkipped:N0} bad rows skipped";
        foreach (var (reason, count) in Dropped) text += $", {count:N0} dropped ({reason})";
        return text;
    }
}

/// <summary>Progress of a load: bytes of the current file read so far, and rows.</summary>
/// <param name="BytesRead">Bytes consumed from the file.</param>
/// <param name="TotalBytes">File size in bytes (0 when unknown).</param>
/// <param name="Rows">Rows read so far.</param>
public readonly record struct LoadProgress(long BytesRead, long TotalBytes, long Rows);

/// <summary>Options shared by every loader and <see cref="DataSpec"/>.</summary>
public sealed record DataLoadOptions
{
    /// <summary>Skip malformed rows and count them in <see cref="LoadReport.BadRowsSkipped"/> instead of failing (default false).</summary>
    public bool SkipBadRows { get; init; }

    /// <summary>Stop after this many data rows (0 = all; default 0). Handy for a first look at a big file.</summary>
    public long MaxRows { get; init; }

    /// <summary>Dataset name (default: derived from the source).</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Text encoding of the input files (null = the loader's default: strict UTF-8, or Latin-1 for the MovieLens
    /// 100k / 1M files, which are Latin-1). Invalid bytes in the chosen encoding are a located error.
    /// </summary>
    public System.Text.Encoding? Encoding { get; init; }

    /// <summary>
    /// The longest row (CSV, in characters) or line (JSON lines, in bytes) a loader accepts; longer ones are a located
    /// error (default <see cref="Loaders.CsvReader.DefaultMaxLineLength"/> = 1 MiB), so one 50 MB line cannot take
    /// gigabytes of memory. Raise it for files with very long quoted fields.
    /// </summary>
    public int MaxLineLength { get; init; } = Loaders.CsvReader.DefaultMaxLineLength;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (MaxRows < 0) throw new ArgumentException($"DataLoadOptions.MaxRows must be ≥ 0, got {MaxRows}.", nameof(MaxRows));
        if (MaxLineLength < 16) throw new ArgumentException($"DataLoadOptions.MaxLineLength must be ≥ 16, got {MaxLineLength}.", nameof(MaxLineLength));
    }
}

