using System.Text;
using ResearchKit.Data.DuckDb;

namespace ResearchKit.Features;

/// <summary>
/// Writes a <see cref="FeatureSet"/> as Parquet through DuckDB (the kit's Parquet engine, see
/// <see cref="ParquetIO"/>): an <c>id</c> VARCHAR column (external row id, or the dense row number) followed by one
/// FLOAT column per feature, with missing values (NaN) stored as NULL.
/// </summary>
internal static class FeatureSetParquet
{
    public static void Write(FeatureSet set, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var db = new DuckDbConnection();
        var create = new StringBuilder("CREATE TABLE features(\"id\" VARCHAR");
        var select = new StringBuilder("SELECT \"id\"");
        foreach (var name in set.Columns)
        {
            var q = Quote(name);
            create.Append(", ").Append(q).Append(" FLOAT");
            // The appender has no NULL entry point; NaN → NULL happens in the export query instead.
            select.Append(", CASE WHEN isnan(").Append(q).Append(") THEN NULL ELSE ").Append(q).Append(" END AS ").Append(q);
        }
        db.Execute(create.Append(')').ToString());
        using (var appender = db.CreateAppender("features"))
        {
            for (var r = 0; r < set.Rows; r++)
            {
                var id = set.RowIds is null ? r.ToString(System.Globalization.CultureInfo.InvariantCulture) : set.RowIds[r];
                appender.Append(Encoding.UTF8.GetBytes(id));
                foreach (var v in set.Row(r)) appender.Append(v);
                appender.EndRow();
            }
        }
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        db.Execute($"COPY ({select} FROM features) TO {DuckDbConnection.Literal(path)} (FORMAT PARQUET)");
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
