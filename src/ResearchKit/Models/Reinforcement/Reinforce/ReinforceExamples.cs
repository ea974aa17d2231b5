using ResearchKit.Data;
using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Models.Reinforcement.Reinforce;

/// <summary>
/// Each user's last interactions before the simulation, newest first (−1 padding): the prior half of the state the
/// REINFORCE encoder reads, so a session's first slate is already personal.
/// </summary>
public sealed class UserHistoryTable
{
    private readonly int[] _items;

    /// <summary>The last <paramref name="size"/> items of each user in <paramref name="data"/>, by timestamp.</summary>
    public UserHistoryTable(Dataset data, int size)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        Size = size; Users = data.UserCount;
        _items = new int[Users * size];
        Array.Fill(_items, -1);
        if (size == 0) return;
        var log = data.Interactions;
        var order = new int[log.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var times = log.Timestamps.ToArray();
        Array.Sort(times, order);
        var filled = new int[Users];
        var users = log.Users; var items = log.Items;
        for (var q = order.Length - 1; q >= 0; q--) // newest first
        {
            var r = order[q]; var u = users[r];
            if (filled[u] < size) _items[(u * size) + filled[u]++] = items[r];
        }
    }

    /// <summary>Entries per user.</summary>
    public int Size { get; }
    /// <summary>Users.</summary>
    public int Users { get; }
    /// <summary>The user's prior items, newest first.</summary>
    public ReadOnlySpan<int> Of(int user) => _items.AsSpan(user * Size, Size);
}

/// <summary>
/// Training examples of the policy gradient, columnar: the state's history (n × H item ids, −1 padding; the first
/// <see cref="ReinforceOptions.SessionHistory"/> slots in-session, the rest prior), the logged action and its return.
/// </summary>
/// <param name="History">n × H item ids.</param>
/// <param name="Action">Logged item per example.</param>
/// <param name="Return">Return R(s, a) per example.</param>
public sealed record ReinforceExamples(int[] History, int[] Action, float[] Return)
{
    /// <summary>Examples.</summary>
    public int Count => Action.Length;

    /// <summary>
    /// One example per shown (slate, position): R = purchase + click credit·click at that position + γ·G of the rest
    /// of the session (the log's step rewards), the state = the slate's in-session history and the user's prior items.
    /// </summary>
    public static ReinforceExamples FromLog(SlateLog log, UserHistoryTable prior, ReinforceOptions options)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(options);
        if (prior.Size < options.PriorHistory) throw new ArgumentException($"prior history has {prior.Size} slots, options need {options.PriorHistory}.", nameof(prior));
        int k = log.SlateSize, h = options.HistorySize, hs = options.SessionHistory;
        var toGo = log.ReturnToGo(options.Gamma);
        var n = log.Count * k;
        var history = new int[n * h]; var action = new int[n]; var ret = new float[n];
        for (var r = 0; r < log.Count; r++)
        {
            var future = r + 1 < log.Count && log.Session[r + 1] == log.Session[r] ? options.Gamma * toGo[r + 1] : 0f;
            var recent = log.Recent.AsSpan(r * log.HistorySize, log.HistorySize);
            for (var j = 0; j < k; j++)
            {
                var e = (r * k) + j;
                var dst = history.AsSpan(e * h, h);
                dst.Fill(-1);
                recent[..Math.Min(hs, recent.Length)].CopyTo(dst);
                prior.Of(log.User[r])[..options.PriorHistory].CopyTo(dst[hs..]);
                action[e] = log.Items[(r * k) + j];
                ret[e] = log.Purchased[(r * k) + j] + (options.ClickCredit * log.Clicked[(r * k) + j]) + future;
            }
        }
        return new ReinforceExamples(history, action, ret);
    }

    /// <summary>
    /// One example per training interaction in time order (a log without propensities, so β is learned — the case
    /// Chen et al. built the behaviour head for): the state = the user's previous items, R = 1 for a purchase, 0.3
    /// for a cart, the click credit for a view, 0.5 for a rating (explicit ratings carry no funnel stage).
    /// </summary>
    public static ReinforceExamples FromInteractions(Dataset data, ReinforceOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var log = data.Interactions;
        var n = log.Count;
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        var users = log.Users.ToArray(); var items = log.Items; var kinds = log.Kinds; var times = log.Timestamps.ToArray();
        // Sort by (user, time, row): the user's sequence in order.
        Array.Sort(order, (a, b) => users[a] != users[b] ? users[a].CompareTo(users[b]) : times[a] != times[b] ? times[a].CompareTo(times[b]) : a.CompareTo(b));
        var h = options.HistorySize;
        var history = new int[n * h]; var action = new int[n]; var ret = new float[n];
        Array.Fill(history, -1);
        var start = 0;
        for (var q = 0; q < n; q++)
        {
            var r = order[q];
            if (q > 0 && users[order[q - 1]] != users[r]) start = q;
            var dst = history.AsSpan(q * h, h);
            for (var p = 0; p < h && q - 1 - p >= start; p++) dst[p] = items[order[q - 1 - p]];
            action[q] = items[r];
            ret[q] = kinds[r] switch { EventKind.Purchase => 1f, EventKind.Cart => 0.3f, EventKind.Rating => 0.5f, _ => options.ClickCredit };
        }
        return new ReinforceExamples(history, action, ret);
    }
}
