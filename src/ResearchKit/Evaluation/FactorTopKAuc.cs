using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ResearchKit.Data;

namespace ResearchKit.Evaluation;

// Full-catalogue AUC on the fused path. RankingMetrics.Auc needs, per relevant item j, how many candidates score
// below s_j and how many tie with it, then takes out the excluded (training) and relevant items. Here the counts
// are taken tile by tile from the same registers' worth of scores the top-k uses (one pass, no score rows), the
// relevant and training items' scores come from PackedScore (bit-identical to their tile lanes), and FinishAuc
// does RankingMetrics.Auc's arithmetic on them.
internal sealed partial class FactorTopK
{
    /// <summary>Where the fused path writes AUC: the relevant (test) items per user, and one value per result row.</summary>
    internal sealed record AucTarget(CsrMatrix Relevant, double[] Values);

    /// <summary>True when any of <paramref name="row"/> is above <paramref name="threshold"/> (NaN never is).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool AnyAbove(ReadOnlySpan<float> row, float threshold)
    {
        var i = 0;
        var t = Vector256.Create(threshold);
        for (; i + 8 <= row.Length; i += 8)
            if (Vector256.GreaterThanAny(Vector256.Create(row.Slice(i, 8)), t)) return true;
        for (; i < row.Length; i++) if (row[i] > threshold) return true;
        return false;
    }

    public sealed partial class Worker
    {
        private FactorTopK? _kernel;
        private int[] _aucStart = [];      // slot → range of its relevant candidates in _aucScores (slot + 1 ends it)
        private float[] _aucScores = [];   // s_j of each relevant candidate (not excluded, score > −∞)
        private long[] _less = [];         // candidates with −∞ < score < s_j, over the whole catalogue
        private long[] _equal = [];        // entries with score == s_j
        private long[] _candidates = [];   // per slot: entries with score > −∞
        private float[] _excluded = [];    // scratch: scores of one user's excluded items

        internal void BeginAuc(FactorTopK kernel, CsrMatrix relevant)
        {
            _kernel = kernel;
            var f = _factors;
            if (_aucStart.Length < _count + 1) _aucStart = new int[Sizes.Length + 1];
            if (_candidates.Length < _count) _candidates = new long[Sizes.Length];
            var total = 0;
            for (var slot = 0; slot < _count; slot++)
                total += _users[slot] < relevant.Rows ? relevant.RowLength(_users[slot]) : 0;
            if (_aucScores.Length < total)
            {
                var grown = Math.Max(total, 2 * _aucScores.Length);
                _aucScores = new float[grown]; _less = new long[grown]; _equal = new long[grown];
            }
            var at = 0;
            for (var slot = 0; slot < _count; slot++)
            {
                _aucStart[slot] = at;
                var user = _users[slot];
                if (user >= relevant.Rows) continue;
                var vector = Vectors.AsSpan(slot * f, f);
                var seen = SeenRow(user);
                foreach (var item in relevant.RowIndices(user))
                {
                    var s = kernel.PackedScore(vector, item);
                    if (s > float.NegativeInfinity && (seen.IsEmpty || seen.BinarySearch(item) < 0)) _aucScores[at++] = s;
                }
            }
            _aucStart[_count] = at;
            Array.Clear(_less, 0, at); Array.Clear(_equal, 0, at); Array.Clear(_candidates, 0, _count);
        }

        /// <summary>Adds the stored tile's counts: candidates per user, and below/equal counts per relevant score.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called per tile: no tier-0 phase
        internal void CountTile(int group, int width)
        {
            for (var r = 0; r < MR; r++)
            {
                var slot = (group * MR) + r;
                if (slot >= _count) break;
                var row = Tile.AsSpan(r * width, width);
                _candidates[slot] += width == 32 ? Count512(row, _aucStart[slot], _aucStart[slot + 1]) : Count256(row, _aucStart[slot], _aucStart[slot + 1]);
            }
        }

        // One row of 32 scores as two 512-bit vectors; returns its candidates (score > −∞; NaN is not one).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Count512(ReadOnlySpan<float> row, int from, int to)
        {
            var lo = Vector512.Create(row[..16]); var hi = Vector512.Create(row.Slice(16, 16));
            var ninf = Vector512.Create(float.NegativeInfinity);
            var candidate = Vector512.GreaterThan(lo, ninf).ExtractMostSignificantBits() | (Vector512.GreaterThan(hi, ninf).ExtractMostSignificantBits() << 16);
            for (var j = from; j < to; j++)
            {
                var s = Vector512.Create(_aucScores[j]);
                var below = Vector512.LessThan(lo, s).ExtractMostSignificantBits() | (Vector512.LessThan(hi, s).ExtractMostSignificantBits() << 16);
                var same = Vector512.Equals(lo, s).ExtractMostSignificantBits() | (Vector512.Equals(hi, s).ExtractMostSignificantBits() << 16);
                _less[j] += BitOperations.PopCount((uint)(below & candidate));
                _equal[j] += BitOperations.PopCount((uint)same);
            }
            return BitOperations.PopCount((uint)candidate);
        }

        // One row of 16 scores as two 256-bit vectors.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private int Count256(ReadOnlySpan<float> row, int from, int to)
        {
            var lo = Vector256.Create(row[..8]); var hi = Vector256.Create(row.Slice(8, 8));
            var ninf = Vector256.Create(float.NegativeInfinity);
            var candidate = Vector256.GreaterThan(lo, ninf).ExtractMostSignificantBits() | (Vector256.GreaterThan(hi, ninf).ExtractMostSignificantBits() << 8);
            for (var j = from; j < to; j++)
            {
                var s = Vector256.Create(_aucScores[j]);
                var below = Vector256.LessThan(lo, s).ExtractMostSignificantBits() | (Vector256.LessThan(hi, s).ExtractMostSignificantBits() << 8);
                var same = Vector256.Equals(lo, s).ExtractMostSignificantBits() | (Vector256.Equals(hi, s).ExtractMostSignificantBits() << 8);
                _less[j] += BitOperations.PopCount(below & candidate);
                _equal[j] += BitOperations.PopCount(same);
            }
            return BitOperations.PopCount(candidate);
        }

        /// <summary>RankingMetrics.Auc from the counts: NaN without a relevant or a non-relevant candidate.</summary>
        internal double FinishAuc(int slot)
        {
            int from = _aucStart[slot], to = _aucStart[slot + 1];
            var f = _factors;
            var vector = Vectors.AsSpan(slot * f, f);
            var seen = SeenRow(_users[slot]);
            if (_excluded.Length < seen.Length) _excluded = new float[Math.Max(seen.Length, 2 * _excluded.Length)];
            var candidates = _candidates[slot];
            for (var e = 0; e < seen.Length; e++)
            {
                _excluded[e] = _kernel!.PackedScore(vector, seen[e]);
                if (_excluded[e] > float.NegativeInfinity) candidates--;
            }
            var relCount = to - from;
            var negatives = candidates - relCount;
            if (relCount == 0 || negatives <= 0) return double.NaN;
            double wins = 0;
            for (var j = from; j < to; j++)
            {
                var s = _aucScores[j];
                long less = _less[j], equal = _equal[j];
                for (var e = 0; e < seen.Length; e++) Uncount(_excluded[e], s, ref less, ref equal);
                for (var q = from; q < to; q++) Uncount(_aucScores[q], s, ref less, ref equal);
                wins += less + (0.5 * equal);
            }
            return wins / ((double)relCount * negatives);
        }

        private static void Uncount(float t, float s, ref long less, ref long equal)
        {
            if (!(t > float.NegativeInfinity)) return;
            if (t < s) less--;
            else if (t == s) equal--;
        }

        private ReadOnlySpan<int> SeenRow(int user) => _seen is not null && user < _seen.Rows ? _seen.RowIndices(user) : default;
    }
}
