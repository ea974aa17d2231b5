using ResearchKit.Data;

namespace ResearchKit.Features;

/// <summary>
/// Session statistics: a user's time-ordered events are cut into sessions wherever two consecutive events are more
/// than the gap apart (30 minutes by default). Columns: <c>sessions</c> (count), <c>session_events_mean</c>
/// (events per session) and <c>session_minutes_mean</c> (first-to-last event time per session); the means are
/// NaN for users without events.
/// </summary>
internal static class UserSessionFeatures
{
    public static void Append(ColumnAccumulator acc, Interactions log, int userCount, long gapSeconds)
    {
        var times = log.Timestamps;
        var (ptr, order) = LogIndex.GroupByTime(log.Users, times, userCount);
        var sessions = acc.AddNew("sessions"); var events = acc.AddNew("session_events_mean"); var minutes = acc.AddNew("session_minutes_mean");
        for (var u = 0; u < userCount; u++)
        {
            int start = ptr[u], end = ptr[u + 1];
            if (start == end) { events[u] = float.NaN; minutes[u] = float.NaN; continue; }
            var count = 1;
            long duration = 0;
            var sessionStart = times[order[start]];
            var previous = sessionStart;
            for (var p = start + 1; p < end; p++)
            {
                var t = times[order[p]];
                if (t - previous > gapSeconds)
                {
                    duration += previous - sessionStart;
                    count++;
                    sessionStart = t;
                }
                previous = t;
            }
            duration += previous - sessionStart;
            sessions[u] = count;
            events[u] = (float)(end - start) / count;
            minutes[u] = (float)(duration / 60.0 / count);
        }
    }
}
