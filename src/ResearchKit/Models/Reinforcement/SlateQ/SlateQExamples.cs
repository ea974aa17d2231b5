using ResearchKit.Models.Reinforcement.Sessions;

namespace ResearchKit.Models.Reinforcement.SlateQ;

/// <summary>
/// One row per logged impression (slate row × position), columnar: the signals x(s, i) of the state before the slate
/// (<see cref="SessionSignals"/>), the item, its position, whether it was clicked and bought, and the logged return
/// of the rest of the session G_{t+1} (discounted by γ within it; 0 after the last slate).
/// </summary>
/// <param name="Signals">Impressions × <see cref="SessionSignals.Count"/>.</param>
/// <param name="Item">Item per impression.</param>
/// <param name="Position">Slate position per impression (0-based).</param>
/// <param name="Clicked">1 where clicked.</param>
/// <param name="Purchased">1 where bought.</param>
/// <param name="Future">G_{t+1} of the impression's slate.</param>
public sealed record SlateQExamples(float[] Signals, int[] Item, int[] Position, float[] Clicked, float[] Purchased, float[] Future)
{
    /// <summary>Impressions.</summary>
    public int Count => Item.Length;

    /// <summary>The impressions of <paramref name="log"/>, their signals read through <paramref name="signals"/>.</summary>
    public static SlateQExamples FromLog(SlateLog log, SessionSignals signals, float gamma)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(signals);
        if (log.SlateSize != signals.SlateSize) throw new ArgumentException($"the log's slates hold {log.SlateSize} items, the signals expect {signals.SlateSize}.", nameof(log));
        int k = log.SlateSize, f = SessionSignals.Count, n = log.Count * k;
        var toGo = log.ReturnToGo(gamma);
        var x = new float[n * f]; var item = new int[n]; var position = new int[n]; var clicked = new float[n]; var bought = new float[n]; var future = new float[n];
        var state = new float[signals.StateLength];
        for (var r = 0; r < log.Count; r++)
        {
            if (r == 0 || log.Session[r] != log.Session[r - 1]) Array.Clear(state);
            signals.Exposure(log.Recent.AsSpan(r * log.HistorySize, log.HistorySize), state);
            var rest = r + 1 < log.Count && log.Session[r + 1] == log.Session[r] ? toGo[r + 1] : 0f;
            for (var j = 0; j < k; j++)
            {
                var e = (r * k) + j;
                item[e] = log.Items[e]; position[e] = j; clicked[e] = log.Clicked[e];
                bought[e] = log.Purchased[e]; future[e] = rest;
                signals.Write(log.User[r], item[e], state, x.AsSpan(e * f, f));
            }
            signals.AddClicks(log.Items.AsSpan(r * k, k), log.Clicked.AsSpan(r * k, k), state);
        }
        return new SlateQExamples(x, item, position, clicked, bought, future);
    }
}
