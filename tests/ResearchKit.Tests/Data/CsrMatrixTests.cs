using ResearchKit.Data;

namespace ResearchKit.Tests.Data;

public class CsrMatrixTests
{
    [Fact]
    public void FromCoordinates_Duplicates_SummedByDefault()
    {
        var m = CsrMatrix.FromCoordinates(2, 3, [1, 0, 1, 1], [2, 1, 2, 0], [1f, 2f, 3f, 4f]);
        Assert.Equal(3, m.Nnz);
        Assert.Equal([1], m.RowIndices(0).ToArray());
        Assert.Equal([0, 2], m.RowIndices(1).ToArray());
        Assert.Equal(4f, m.Get(1, 2));
        Assert.Equal(4f, m.Get(1, 0));
        Assert.Equal(0f, m.Get(0, 0));
    }

    [Theory]
    [InlineData(DuplicatePolicy.LastWins, 3f)]
    [InlineData(DuplicatePolicy.Max, 5f)]
    [InlineData(DuplicatePolicy.Sum, 9f)]
    public void FromCoordinates_DuplicatePolicy_Applied(DuplicatePolicy policy, float expected)
    {
        var m = CsrMatrix.FromCoordinates(1, 2, [0, 0, 0], [1, 1, 1], [1f, 5f, 3f], policy);
        Assert.Equal(1, m.Nnz);
        Assert.Equal(expected, m.Get(0, 1));
    }

    [Fact]
    public void Transpose_RoundTrip_EqualsOriginal()
    {
        var rng = new Random(7);
        int rows = 50, cols = 30, n = 400;
        var r = new int[n]; var c = new int[n]; var v = new float[n];
        for (var i = 0; i < n; i++) { r[i] = rng.Next(rows); c[i] = rng.Next(cols); v[i] = rng.Next(1, 5); }
        var m = CsrMatrix.FromCoordinates(rows, cols, r, c, v);
        var t = m.Transpose();
        Assert.Equal(cols, t.Rows);
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < cols; j++)
                Assert.Equal(m.Get(i, j), t.Get(j, i));
        var back = t.Transpose();
        Assert.Equal(m.RowPointers.ToArray(), back.RowPointers.ToArray());
        Assert.Equal(m.ColumnIndices.ToArray(), back.ColumnIndices.ToArray());
        Assert.Equal(m.Values.ToArray(), back.Values.ToArray());
    }

    [Fact]
    public void FromCoordinates_OutOfRangeColumn_ThrowsNamingPosition()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => CsrMatrix.FromCoordinates(1, 2, [0], [5], [1f]));
        Assert.Contains("position 0", e.Message, StringComparison.Ordinal);
    }
}
