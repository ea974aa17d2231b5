namespace ResearchKit.Data;

/// <summary>How <see cref="CsrMatrix"/> combines entries with the same (row, column).</summary>
public enum DuplicatePolicy
{
    /// <summary>Values are added (e.g. repeated views count more).</summary>
    Sum,
    /// <summary>The entry that comes last in input order wins (e.g. a re-rating replaces the old rating).</summary>
    LastWins,
    /// <summary>The largest value wins.</summary>
    Max,
}

/// <summary>
/// An immutable compressed-sparse-row float matrix (rows = users, columns = items by convention).
/// Column indices within a row are sorted ascending and unique. Built from coordinates in O(nnz + rows + cols)
/// with a counting sort and no per-row allocation.
/// </summary>
public sealed class CsrMatrix
{
    private readonly int[] _rowPtr;
    private readonly int[] _colIdx;
    private readonly float[] _values;

    /// <summary>Wraps existing CSR arrays (validated: monotone row pointers, sorted in-range columns).</summary>
    public CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values)
    {
        ArgumentNullException.ThrowIfNull(rowPtr);
        ArgumentNullException.ThrowIfNull(colIdx);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPtr.Length != rows + 1) throw new ArgumentException($"rowPtr must have rows+1 = {rows + 1} entries, has {rowPtr.Length}.", nameof(rowPtr));
        if (colIdx.Length != values.Length || rowPtr[rows] != colIdx.Length) throw new ArgumentException("colIdx, values and rowPtr[rows] must agree on nnz.", nameof(colIdx));
        for (var r = 0; r < rows; r++)
        {
            if (rowPtr[r] > rowPtr[r + 1]) throw new ArgumentException($"rowPtr decreases at row {r}.", nameof(rowPtr));
            for (var p = rowPtr[r]; p < rowPtr[r + 1]; p++)
            {
                if ((uint)colIdx[p] >= (uint)cols) throw new ArgumentException($"Column {colIdx[p]} out of range [0,{cols}) in row {r}.", nameof(colIdx));
                if (p > rowPtr[r] && colIdx[p] <= colIdx[p - 1]) throw new ArgumentException($"Columns of row {r} are not strictly increasing.", nameof(colIdx));
            }
        }
        Rows = rows; Cols = cols; _rowPtr = rowPtr; _colIdx = colIdx; _values = values;
    }

    private CsrMatrix(int rows, int cols, int[] rowPtr, int[] colIdx, float[] values, bool trusted)
    {
        _ = trusted;
        Rows = rows; Cols = cols; _rowPtr = rowPtr; _colIdx = colIdx; _values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Cols { get; }

    /// <summary>Number of stored entries.</summary>
    public int Nnz => _colIdx.Length;

    /// <summary>Row pointers (length Rows + 1).</summary>
    public ReadOnlySpan<int> RowPointers => _rowPtr;

    /// <summary>Column index per stored entry.</summary>
    public ReadOnlySpan<int> ColumnIndices => _colIdx;

    /// <summary>Value per stored entry.</summary>
    public ReadOnlySpan<float> Values => _values;

    /// <summary>Column indices of row <paramref name="row"/> (sorted).</summary>
    public ReadOnlySpan<int> RowIndices(int row) => _colIdx.AsSpan(_rowPtr[row], _rowPtr[row + 1] - _rowPtr[row]);

    /// <summary>Values of row <paramref name="row"/>, aligned with <see cref="RowIndices"/>.</summary>
    public ReadOnlySpan<float> RowValues(int row) => _values.AsSpan(_rowPtr[row], _rowPtr[row + 1] - _rowPtr[row]);

    /// <summary>Number of entries in row <paramref name="row"/>.</summary>
    public int RowLength(int row) => _rowPtr[row + 1] - _rowPtr[row];

    /// <summary>The stored value at (row, col), or 0.</summary>
    public float Get(int row, int col)
    {
        var idx = RowIndices(row).BinarySearch(col);
        return idx >= 0 ? _values[_rowPtr[row] + idx] : 0f;
    }

    /// <summary>Builds the user × item matrix of a log.</summary>
    public static CsrMatrix FromInteractions(Interactions log, int rows, int cols, DuplicatePolicy duplicates = DuplicatePolicy.Sum)
    {
        ArgumentNullException.ThrowIfNull(log);
        return FromCoordinates(rows, cols, log.Users, log.Items, log.Values, duplicates);
    }

    /// <summary>
    /// Builds a matrix from coordinates. Two stable counting sorts (by column, then by row) order entries by
    /// (row, column, input order), so duplicates are adjacent and "last" means last in input.
    /// </summary>
    public static CsrMatrix FromCoordinates(int rows, int cols, ReadOnlySpan<int> rowIds, ReadOnlySpan<int> colIds,
        ReadOnlySpan<float> values, DuplicatePolicy duplicates = DuplicatePolicy.Sum)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        var n = rowIds.Length;
        if (colIds.Length != n || values.Length != n) throw new ArgumentException("rowIds, colIds and values must have the same length.");

        // Pass 1: stable counting sort by column into (tmpRow, tmpCol, tmpVal).
        var colCount = new int[cols + 1];
        for (var i = 0; i < n; i++)
        {
            var c = colIds[i];
            if ((uint)c >= (uint)cols) throw new ArgumentOutOfRangeException(nameof(colIds), $"Column id {c} at position {i} is outside [0,{cols}).");
            var r = rowIds[i];
            if ((uint)r >= (uint)rows) throw new ArgumentOutOfRangeException(nameof(rowIds), $"Row id {r} at position {i} is outside [0,{rows}).");
            colCount[c + 1]++;
        }
        for (var c = 0; c < cols; c++) colCount[c + 1] += colCount[c];
        var tmpRow = new int[n]; var tmpCol = new int[n]; var tmpVal = new float[n];
        for (var i = 0; i < n; i++)
        {
            var p = colCount[colIds[i]]++;
            tmpRow[p] = rowIds[i]; tmpCol[p] = colIds[i]; tmpVal[p] = values[i];
        }

        // Pass 2: stable counting sort by row; rows end up with ascending columns, duplicates adjacent in input order.
        var rowPtr = new int[rows + 1];
        for (var i = 0; i < n; i++) rowPtr[tmpRow[i] + 1]++;
        for (var r = 0; r < rows; r++) rowPtr[r + 1] += rowPtr[r];
        var next = rowPtr.AsSpan(0, rows).ToArray();
        var col = new int[n]; var val = new float[n];
        for (var i = 0; i < n; i++)
        {
            var p = next[tmpRow[i]]++;
            col[p] = tmpCol[i]; val[p] = tmpVal[i];
        }

        // Pass 3: merge duplicates in place, compacting rows.
        var write = 0;
        var newPtr = new int[rows + 1];
        for (var r = 0; r < rows; r++)
        {
            var start = rowPtr[r]; var end = rowPtr[r + 1];
            for (var p = start; p < end; p++)
            {
                if (write > newPtr[r] && col[write - 1] == col[p])
                {
                    ref var v = ref val[write - 1];
                    v = duplicates switch
                    {
                        DuplicatePolicy.Sum => v + val[p],
                        DuplicatePolicy.LastWins => val[p],
                        DuplicatePolicy.Max => MathF.Max(v, val[p]),
                        _ => throw new ArgumentOutOfRangeException(nameof(duplicates)),
                    };
                }
                else
                {
                    col[write] = col[p]; val[write] = val[p]; write++;
                }
            }
            newPtr[r + 1] = write;
        }
        if (write != n) { Array.Resize(ref col, write); Array.Resize(ref val, write); }
        return new CsrMatrix(rows, cols, newPtr, col, val, trusted: true);
    }

    /// <summary>The transpose (item × user), built in O(nnz) with one counting pass.</summary>
    public CsrMatrix Transpose()
    {
        var ptr = new int[Cols + 1];
        foreach (var c in _colIdx) ptr[c + 1]++;
        for (var c = 0; c < Cols; c++) ptr[c + 1] += ptr[c];
        var next = ptr.AsSpan(0, Cols).ToArray();
        var idx = new int[Nnz]; var val = new float[Nnz];
        for (var r = 0; r < Rows; r++)
        {
            for (var p = _rowPtr[r]; p < _rowPtr[r + 1]; p++)
            {
                var q = next[_colIdx[p]]++;
                idx[q] = r; val[q] = _values[p];
            }
        }
        return new CsrMatrix(Cols, Rows, ptr, idx, val, trusted: true);
    }

    /// <summary>A matrix with the same pattern and values mapped by <paramref name="map"/> (e.g. confidence 1 + αr).</summary>
    public CsrMatrix MapValues(Func<float, float> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var val = new float[Nnz];
        for (var i = 0; i < val.Length; i++) val[i] = map(_values[i]);
        return new CsrMatrix(Rows, Cols, _rowPtr, _colIdx, val, trusted: true);
    }
}
