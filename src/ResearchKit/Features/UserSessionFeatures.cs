using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Session statistics: a user's time-ordered events are cut into sessions wherever two consecutive events are more
/// than the gap apart (30 minutes by default). Columns: <c>sessions</c> (count), <c>session_events_mean</c>
/// (events per session) and <c>session_minutes_mean</c> (first-to-last event time per session); the means are
/// NaN for users without events. Logs are normally stored in time order, and then one streaming pass with a
/// small per-user state does it; otherwise the rows are grouped by user and sorted by time first.
/// </summary>
internal static class UserSessionFeatures
{
    private struct State
    {
        public long Start;
        public long Last;
        public long Duration;
        public int Sessions;
        public int Events;
    }

    public static void Append(ColumnAccumulator acc, Interactions log, int userCount, long gapSeconds)
    {
        var times = log.Timestamps;
        var users = log.Users;
        var state = new State[userCount];
        if (IsSorted(times))
        {
            for (var e = 0; e < users.Length; e++) Step(ref state[users[e]], times[e], gapSeconds);
        }
        else
        {
            var (ptr, order) = LogIndex.GroupByTime(users, times, userCount);
            for (var u = 0; u < userCount; u++)
            {
                ref var s = ref state[u];
                for (var p = ptr[u]; p < ptr[u + 1]; p++) Step(ref s, times[order[p]], gapSeconds);
            }
        }
        var sessions = acc.AddNew("sessions"); var events = acc.AddNew("session_events_mean"); var minutes = acc.AddNew("session_minutes_mean");
        for (var u = 0; u < userCount; u++)
        {
            var s = state[u];
            if (s.Events == 0) { events[u] = float.NaN; minutes[u] = float.NaN; continue; }
            var duration = s.Duration + (s.Last - s.Start);
            sessions[u] = s.Sessions;
            events[u] = (float)s.Events / s.Sessions;
            minutes[u] = (float)(duration / 60.0 / s.Sessions);
        }
    }

    /// <summary>Feeds one event (in time order for this user) into the user's running session state.</summary>
    private static void Step(ref State s, long t, long gap)
    {
        if (s.Events == 0) { s.Start = t; s.Sessions = 1; }
        else if (t - s.Last > gap) { s.Duration += s.Last - s.Start; s.Sessions++; s.Start = t; }
        s.Last = t;
        s.Events++;
    }

    private static bool IsSorted(ReadOnlySpan<long> times)
    {
        for (var i = 1; i < times.Length; i++) if (times[i] < times[i - 1]) return false;
        return true;
    }
}
