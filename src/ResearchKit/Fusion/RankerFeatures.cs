using ResearchKit.Features;
using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>
/// Candidates and features of the learned ranker for one training set and one set of fitted members. For user u the
/// candidates are the union of every member's top-<c>depth</c> list (training items excluded); each candidate i gets,
/// per member m, the z-score of s_m(u,i) among u's unseen items, its rank in m's list (depth + 1 when absent) and
/// 1/rank; then log(1 + popularity of i), log(1 + |history of u|), and the user's and the item's feature columns
/// (<see cref="UserFeatures"/>, <see cref="ItemFeatures"/>, built from the same training set; non-finite values → 0).
/// </summary>
internal sealed class RankerFeatures
{
    private readonly IReadOnlyList<IRecommender> _members;
    private readonly TrainingSet _train;
    private readonly int _depth;
    private readonly float[]? _user, _item;
    private readonly int[] _userColumns, _itemColumns;
    private readonly int _userStride, _itemStride;
    private readonly ThreadLocal<Workspace> _work;

    /// <summary>
    /// Builds the feature tables. <paramref name="userColumns"/>/<paramref name="itemColumns"/> fix the columns used (by
    /// name, so a ranker trained on one training set reads the same columns on another; a missing column reads 0);
    /// null takes every column of the tables built here.
    /// </summary>
    public RankerFeatures(IReadOnlyList<IRecommender> members, TrainingSet train, int depth, bool withFeatures,
        IReadOnlyList<string>? userColumns, IReadOnlyList<string>? itemColumns, CancellationToken ct)
    {
        _members = members; _train = train; _depth = depth;
        FeatureSet? users = null, items = null;
        if (withFeatures)
        {
            users = Features.UserFeatures.Build(train.Data, ct: ct);
            items = Features.ItemFeatures.Build(train.Data, ct: ct);
        }
        UserColumns = userColumns ?? users?.Columns ?? [];
        ItemColumns = itemColumns ?? items?.Columns ?? [];
        (_user, _userColumns, _userStride) = Table(users, UserColumns);
        (_item, _itemColumns, _itemStride) = Table(items, ItemColumns);
        Count = (3 * members.Count) + 2 + UserColumns.Count + ItemColumns.Count;
        _work = new ThreadLocal<Workspace>(() => new Workspace(members.Count, train.ItemCount, depth, Count));
    }

    /// <summary>Feature vector length.</summary>
    public int Count { get; }

    /// <summary>User feature columns, in order.</summary>
    public IReadOnlyList<string> UserColumns { get; }

    /// <summary>Item feature columns, in order.</summary>
    public IReadOnlyList<string> ItemColumns { get; }

    private static (float[]?, int[], int) Table(FeatureSet? set, IReadOnlyList<string> columns)
    {
        if (set is null || columns.Count == 0) return (null, [], 0);
        var index = columns.Select(c => set.TryGetColumnIndex(c, out var i) ? i : -1).ToArray();
        return (set.ToRowMajor(), index, set.ColumnCount);
    }

    /// <summary>
    /// Fills the calling thread's workspace with <paramref name="user"/>'s candidates and their feature rows;
    /// returns the workspace (valid until this thread's next call).
    /// </summary>
    public Workspace Build(int user)
    {
        var w = _work.Value!;
        var n = _train.ItemCount;
        w.Stamp++;
        w.Candidates.Clear();
        var seen = _train.UserItems.RowIndices(user);
        for (var m = 0; m < _members.Count; m++)
        {
            var scores = w.Scores.AsSpan(m * n, n);
            _members[m].Score(user, scores);
            foreach (var i in seen) scores[i] = float.NegativeInfinity;
            // z-score over the unseen items, so members with different scales are comparable.
            double sum = 0, sq = 0; var count = 0;
            foreach (var s in scores) if (float.IsFinite(s)) { sum += s; sq += (double)s * s; count++; }
            var mean = count > 0 ? sum / count : 0;
            var sd = count > 1 ? Math.Sqrt(Math.Max(0, (sq / count) - (mean * mean))) : 1;
            w.Mean[m] = (float)mean; w.InvSd[m] = sd > 1e-12 ? (float)(1 / sd) : 1f;
            var top = TopK.Select(scores, _depth);
            for (var r = 0; r < top.Count; r++)
            {
                var item = top.Items[r];
                if (!float.IsFinite(top.Scores[r])) break;
                w.Rank[(m * n) + item] = r + 1; w.RankStamp[(m * n) + item] = w.Stamp;
                if (w.Mark[item] != w.Stamp) { w.Mark[item] = w.Stamp; w.Candidates.Add(item); }
            }
        }
        var f = Count;
        if (w.Rows.Length < w.Candidates.Count * f) w.Rows = new float[w.Candidates.Count * f * 2];
        var history = MathF.Log(1 + seen.Length);
        for (var c = 0; c < w.Candidates.Count; c++)
        {
            var item = w.Candidates[c];
            var x = w.Rows.AsSpan(c * f, f);
            var k = 0;
            for (var m = 0; m < _members.Count; m++)
            {
                var s = w.Scores[(m * n) + item];
                x[k++] = float.IsFinite(s) ? (s - w.Mean[m]) * w.InvSd[m] : -10f;
                var rank = w.RankStamp[(m * n) + item] == w.Stamp ? w.Rank[(m * n) + item] : _depth + 1;
                x[k++] = rank;
                x[k++] = 1f / rank;
            }
            x[k++] = MathF.Log(1 + _train.ItemUsers.RowLength(item));
            x[k++] = history;
            k = Copy(_user, _userColumns, _userStride, user, x, k);
            Copy(_item, _itemColumns, _itemStride, item, x, k);
        }
        return w;
    }

    private static int Copy(float[]? table, int[] columns, int stride, int row, Span<float> x, int k)
    {
        for (var j = 0; j < columns.Length; j++)
        {
            var v = table is null || columns[j] < 0 ? 0f : table[((long)row * stride) + columns[j]];
            x[k++] = float.IsFinite(v) ? v : 0f;
        }
        return k;
    }

    /// <summary>Per-thread buffers: every member's scores, rank marks, and the candidates' feature rows.</summary>
    internal sealed class Workspace(int members, int items, int depth, int features)
    {
        public float[] Scores { get; } = new float[members * items];
        public int[] Rank { get; } = new int[members * items];
        public int[] RankStamp { get; } = new int[members * items];
        public int[] Mark { get; } = new int[items];
        public float[] Mean { get; } = new float[members];
        public float[] InvSd { get; } = new float[members];
        public List<int> Candidates { get; } = new(members * depth);
        public float[] Rows { get; set; } = new float[members * depth * features];
        public int Stamp { get; set; }
    }
}
