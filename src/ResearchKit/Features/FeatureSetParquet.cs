using System.Globalization;
using ResearchKit.Data.Files;

namespace ResearchKit.Features;

/// <summary>
/// Writes a <see cref="FeatureSet"/> as Parquet (Parquet.Net, Snappy, see <see cref="ParquetTable"/>): an <c>id</c>
/// text column (external row id, or the dense row number) followed by one FLOAT column per feature, with missing
/// values (NaN) stored as NULL.
/// </summary>
internal static class FeatureSetParquet
{
    public static void Write(FeatureSet set, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var ids = set.RowIds;
        var columns = new List<ParquetColumn>(set.ColumnCount + 1)
        {
            ParquetColumn.Text("id", r => ids is null ? r.ToString(CultureInfo.InvariantCulture) : ids[r]),
        };
        var data = set.Data.ToArray();
        var width = set.ColumnCount;
        for (var c = 0; c < width; c++)
        {
            var column = c;
            columns.Add(ParquetColumn.Float(set.Columns[c], r => data[r * width + column]));
        }
        ParquetTable.Write(path, set.Rows, columns);
    }
}
