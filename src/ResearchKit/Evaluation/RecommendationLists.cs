using ResearchKit.Data;

namespace ResearchKit.Evaluation;

/// <summary>
/// Top-k lists for many users in flat preallocated arrays: row <c>r</c> belongs to <see cref="Users"/>[r] and holds
/// <see cref="Counts"/>[r] ≤ <see cref="K"/> items, best first (the rest of the row is padding, item −1).
/// </summary>
public sealed class RecommendationLists
{
    private readonly int[] _users;
    private readonly int[] _items;
    private readonly float[] _scores;
    private readonly int[] _counts;

    /// <summary>Allocates empty lists for <paramref name="users"/> (dense ids) at cut-off <paramref name="k"/>.</summary>
    public RecommendationLists(int[] users, int k)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _users = users;
        K = k;
        _items = new int[checked(users.Length * k)];
        _scores = new float[_items.Length];
        _counts = new int[users.Length];
        Array.Fill(_items, -1);
    }

    /// <summary>The cut-off (row width).</summary>
    public int K { get; }

    /// <summary>Number of lists.</summary>
    public int Count => _users.Length;

    /// <summary>Dense user id per row.</summary>
    public ReadOnlySpan<int> Users => _users;

    /// <summary>List length per row.</summary>
    public ReadOnlySpan<int> Counts => _counts;

    /// <summary>The items of row <paramref name="row"/>, best first.</summary>
    public ReadOnlySpan<int> Items(int row) => _items.AsSpan(row * K, _counts[row]);

    /// <summary>The scores aligned with <see cref="Items(int)"/>.</summary>
    public ReadOnlySpan<float> Scores(int row) => _scores.AsSpan(row * K, _counts[row]);

    /// <summary>Writable row buffers for the kernel that fills them.</summary>
    internal Span<int> ItemRow(int row) => _items.AsSpan(row * K, K);

    internal Span<float> ScoreRow(int row) => _scores.AsSpan(row * K, K);

    internal void SetCount(int row, int count) => _counts[row] = count;

    /// <summary>Sets row <paramref name="row"/> from a ranked list (external lists); longer lists are cut at k.</summary>
    internal void SetRow(int row, ReadOnlySpan<int> items, ReadOnlySpan<float> scores)
    {
        var n = Math.Min(K, items.Length);
        items[..n].CopyTo(ItemRow(row));
        scores[..n].CopyTo(ScoreRow(row));
        _counts[row] = n;
    }

    /// <summary>
    /// Writes <c>user,item,rank,score</c> rows (header included) with the external ids of <paramref name="userIds"/> /
    /// <paramref name="itemIds"/>; rank starts at 1. This is the <c>--recs-out</c> file format and what <c>kit evaluate</c> reads.
    /// </summary>
    public void WriteCsv(TextWriter writer, IdMap userIds, IdMap itemIds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(itemIds);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        writer.WriteLine("user,item,rank,score");
        for (var r = 0; r < Count; r++)
        {
            var user = Csv.Escape(userIds.ToExternal(_users[r]));
            var items = Items(r); var scores = Scores(r);
            for (var j = 0; j < items.Length; j++)
                writer.WriteLine($"{user},{Csv.Escape(itemIds.ToExternal(items[j]))},{(j + 1).ToString(inv)},{scores[j].ToString("R", inv)}");
        }
    }

    /// <summary>
    /// Writes the same rows as <see cref="WriteCsv"/> as Parquet (Parquet.Net, Snappy): <c>user</c>, <c>item</c>
    /// (original ids, text), <c>rank</c> (INT32, from 1), <c>score</c> (FLOAT). Written to a temporary file, then renamed.
    /// </summary>
    public void WriteParquet(string path, IdMap userIds, IdMap itemIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(itemIds);
        var total = 0;
        foreach (var c in _counts) total += c;
        // Output row → position in the padded row-major arrays.
        var slot = new int[total];
        var rank = new int[total];
        for (int r = 0, o = 0; r < Count; r++)
            for (var j = 0; j < _counts[r]; j++, o++) { slot[o] = r * K + j; rank[o] = j + 1; }
        var users = _users; var items = _items; var scores = _scores; var k = K;
        var userText = userIds.Ids; var itemText = itemIds.Ids;
        Data.Files.ParquetTable.Write(path, total,
        [
            Data.Files.ParquetColumn.Text("user", o => userText[users[slot[o] / k]]),
            Data.Files.ParquetColumn.Text("item", o => itemText[items[slot[o]]]),
            Data.Files.ParquetColumn.Int32("rank", rank),
            Data.Files.ParquetColumn.Float("score", o => scores[slot[o]]),
        ]);
    }

    /// <summary>
    /// The lists as a DataFrame with original ids: <c>user</c>, <c>item</c> (string), <c>rank</c> (int, from 1),
    /// <c>score</c> (float) — the rows of <see cref="WriteCsv"/>.
    /// </summary>
    public Microsoft.Data.Analysis.DataFrame ToDataFrame(IdMap userIds, IdMap itemIds)
    {
        ArgumentNullException.ThrowIfNull(userIds);
        ArgumentNullException.ThrowIfNull(itemIds);
        var total = 0;
        foreach (var c in _counts) total += c;
        var user = new Microsoft.Data.Analysis.StringDataFrameColumn("user", total);
        var item = new Microsoft.Data.Analysis.StringDataFrameColumn("item", total);
        var rank = new Microsoft.Data.Analysis.Int32DataFrameColumn("rank", total);
        var score = new Microsoft.Data.Analysis.SingleDataFrameColumn("score", total);
        for (int r = 0, o = 0; r < Count; r++)
        {
            var u = userIds.ToExternal(_users[r]);
            for (var j = 0; j < _counts[r]; j++, o++)
            {
                user[o] = u; item[o] = itemIds.ToExternal(_items[r * K + j]); rank[o] = j + 1; score[o] = _scores[r * K + j];
            }
        }
        return new Microsoft.Data.Analysis.DataFrame(user, item, rank, score);
    }
}
