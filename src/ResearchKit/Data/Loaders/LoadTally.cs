namespace ResearchKit.Data.Loaders;

/// <summary>Counts rows, bad rows and drops while a loader runs, and produces the <see cref="LoadReport"/>.</summary>
internal sealed class LoadTally(string source, DataLoadOptions options)
{
    private readonly Dictionary<string, long> _dropped = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    public long RowsRead;
    public long RowsLoaded;
    public long BadRows;

    public DataLoadOptions Options { get; } = options;

    /// <summary>True when the loader should stop because <see cref="DataLoadOptions.MaxRows"/> is reached.</summary>
    public bool Full => Options.MaxRows > 0 && RowsRead >= Options.MaxRows;

    /// <summary>Counts one data row; every 65,536 rows checks cancellation and reports progress.</summary>
    public void Row(CsvReader csv, IProgress<LoadProgress>? progress, CancellationToken ct)
    {
        RowsRead++;
        if ((RowsRead & 0xFFFF) != 0) return;
        ct.ThrowIfCancellationRequested();
        progress?.Report(new(csv.BytesRead, csv.TotalBytes, RowsRead));
    }

    public void Drop(string reason, long count = 1)
    {
        _dropped[reason] = _dropped.GetValueOrDefault(reason) + count;
    }

    /// <summary>Records a bad row when skipping is on; rethrows otherwise.</summary>
    public void Bad(CsvFormatException e)
    {
        if (!Options.SkipBadRows) throw e;
        BadRows++;
        if (_errors.Count < 10) _errors.Add(e.Message);
    }

    public LoadReport Report() => new(source, RowsRead, RowsLoaded, BadRows, new Dictionary<string, long>(_dropped), [.. _errors]);
}
