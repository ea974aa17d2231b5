using Parquet;
using Parquet.Schema;
using ResearchKit.Serialization;

namespace ResearchKit.Data.Files;

/// <summary>
/// Writes named columns as a Parquet file with Parquet.Net (fully managed, Snappy compression, row groups of
/// <see cref="RowGroupSize"/> rows). The file is written beside its destination under a temporary name and renamed
/// into place, so a reader never sees half a file and a failed write leaves the old file as it was.
/// </summary>
public static class ParquetTable
{
    /// <summary>Rows per row group (1M: the Parquet convention; each group is built and compressed in memory).</summary>
    public const int RowGroupSize = 1 << 20;

    /// <summary>Writes <paramref name="rows"/> rows of <paramref name="columns"/> to <paramref name="path"/> (creating its folder).</summary>
    public static void Write(string path, int rows, IReadOnlyList<ParquetColumn> columns, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (columns.Count == 0) throw new ArgumentException("A Parquet table needs at least one column.", nameof(columns));
        // Parquet.Net is async only; run it off any caller's synchronization context (a notebook kernel's) so
        // blocking here cannot deadlock. AtomicFile writes beside the destination and renames.
        AtomicFile.Write(path, stream => Task.Run(() => WriteAsync(stream, rows, columns, ct), ct).GetAwaiter().GetResult());
    }

    private static async Task WriteAsync(Stream stream, int rows, IReadOnlyList<ParquetColumn> columns, CancellationToken ct)
    {
        var schema = new ParquetSchema(columns.Select(c => (Field)c.Field));
        await using var writer = await ParquetWriter.CreateAsync(schema, stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, cancellationToken: ct).ConfigureAwait(false);
        // An empty table still gets one (empty) row group, so readers see the schema and zero rows.
        for (var start = 0; start < rows || (rows == 0 && start == 0); start += RowGroupSize)
        {
            ct.ThrowIfCancellationRequested();
            var count = Math.Min(RowGroupSize, rows - start);
            using var rowGroup = writer.CreateRowGroup();
            foreach (var column in columns) await column.WriteAsync(rowGroup, start, count).ConfigureAwait(false);
            if (rows == 0) break;
        }
    }
}
