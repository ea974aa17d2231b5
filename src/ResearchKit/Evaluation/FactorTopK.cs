using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ResearchKit.Data;
using ResearchKit.Models;

namespace ResearchKit.Evaluation;

/// <summary>
/// Fused scoring and top-k selection for dot-product models (<see cref="IFactorScorer"/>). A GEMM-then-select kernel
/// writes and re-reads a users × items score matrix (0.8 GB per 4,096 users at 50,000 items), which bounds it by memory
/// traffic, not by FMAs; here each MR × NR tile of scores lives only in registers: it is compared with the MR users'
/// current k-th best scores and dropped unless something beats them (after the first few panels almost nothing does).
/// Item factors are packed once into panels of NR items (a bias row, then f rows of NR values), and the panels are
/// walked in L2-sized chunks so a block of users reuses each chunk from cache.
/// Results equal <see cref="TopK.Select(ReadOnlySpan{float},int,Span{int},Span{float})"/> on the same scores: items are
/// visited in ascending id order, a candidate must strictly beat the heap's worst, and ties go to the lower id.
/// </summary>
internal sealed partial class FactorTopK
{
    /// <summary>Users per register tile.</summary>
    public const int MR = 6;

    /// <summary>Bytes of packed item panels walked per chunk (about a quarter of a 1 MB L2).</summary>
    private const int ChunkBytes = 256 * 1024;

    private readonly float[] _panels;
    private readonly int _panelStride;
    private readonly int _panelCount;
    private readonly int _chunkPanels;

    /// <summary>Packs the item factors and biases of <paramref name="model"/> for <paramref name="items"/> items.</summary>
    public FactorTopK(IFactorScorer model, int items) : this(model, items, Vector512.IsHardwareAccelerated ? 32 : 16)
    {
    }

    /// <summary>As above with an explicit panel width: 32 (512-bit kernel) or 16 (256-bit kernel; tests run it on AVX-512 machines too).</summary>
    internal FactorTopK(IFactorScorer model, int items, int width)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (width is not (16 or 32) || (width == 32 && !Vector512.IsHardwareAccelerated) || !Vector256.IsHardwareAccelerated)
            throw new ArgumentOutOfRangeException(nameof(width), width, "Panel width must be 16 (256-bit vectors) or 32 (512-bit), and accelerated here.");
        Factors = model.Factors;
        Items = items;
        Width = width;
        var f = Factors; var nr = Width;
        var factors = model.ItemFactors; var bias = model.ItemBias;
        if (factors.Length != items * f) throw new ArgumentException($"Item factors hold {factors.Length} values, expected {items} × {f}.", nameof(model));
        if (bias.Length != 0 && bias.Length != items) throw new ArgumentException($"Item bias holds {bias.Length} values, expected {items}.", nameof(model));
        _panelStride = (f + 1) * nr;
        _panelCount = (items + nr - 1) / nr;
        _chunkPanels = Math.Max(1, ChunkBytes / (_panelStride * sizeof(float)));
        _panels = new float[(long)_panelCount * _panelStride];
        for (var p = 0; p < _panelCount; p++)
        {
            var panel = _panels.AsSpan(p * _panelStride, _panelStride);
            for (var lane = 0; lane < nr; lane++)
            {
                var item = (p * nr) + lane;
                // Padding lanes start at −∞ and stay there (factors 0), so they never beat a threshold.
                panel[lane] = item >= items ? float.NegativeInfinity : bias.IsEmpty ? 0f : bias[item];
                if (item >= items) continue;
                var y = factors.Slice(item * f, f);
                for (var k = 0; k < f; k++) panel[((k + 1) * nr) + lane] = y[k];
            }
        }
    }

    /// <summary>True where a SIMD micro-kernel exists (AVX2 / AVX-512 or equivalent 256/512-bit vectors).</summary>
    public static bool IsSupported => Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated;

    /// <summary>Vector length f.</summary>
    public int Factors { get; }

    /// <summary>Catalogue size.</summary>
    public int Items { get; }

    /// <summary>Items per panel NR (two vectors).</summary>
    public int Width { get; }

    /// <summary>
    /// Scores <paramref name="users"/> (their vectors in <paramref name="worker"/>, gathered by the caller) against every item
    /// and writes their top-k lists, best first, into rows <paramref name="firstRow"/>… of <paramref name="result"/>.
    /// </summary>
    /// <param name="users">The block's users.</param>
    /// <param name="worker">The calling worker's buffers, with the users' vectors and offsets gathered.</param>
    /// <param name="seen">Items to skip per user (training items), or null.</param>
    /// <param name="result">Lists of every block; this block writes rows firstRow….</param>
    /// <param name="firstRow">Row of the block's first user.</param>
    /// <param name="auc">When set, each user's full-catalogue AUC is computed from the same tiles (see <see cref="AucTarget"/>).</param>
    public unsafe void Select(ReadOnlySpan<int> users, Worker worker, CsrMatrix? seen, RecommendationLists result, int firstRow, AucTarget? auc = null)
    {
        var count = users.Length;
        var groups = (count + MR - 1) / MR;
        worker.Begin(users, seen, result, firstRow, Items);
        var counting = auc is not null;
        if (counting) worker.BeginAuc(this, auc!.Relevant);
        fixed (float* panels = _panels)
        fixed (float* vectors = worker.Vectors)
        fixed (float* thresholds = worker.Thresholds)
        fixed (float* tile = worker.Tile)
        {
            for (var c0 = 0; c0 < _panelCount; c0 += _chunkPanels)
            {
                var c1 = Math.Min(_panelCount, c0 + _chunkPanels);
                for (var g = 0; g < groups; g++)
                {
                    worker.LoadThresholds(g);
                    var u = vectors + ((long)g * MR * Factors);
                    var p = c0;
                    var hit = 0;
                    while (true)
                    {
                        p = Width == 32
                            ? Scan512(u, Factors, panels, _panelStride, p, c1, thresholds, tile, counting, &hit)
                            : Scan256(u, Factors, panels, _panelStride, p, c1, thresholds, tile, counting, &hit);
                        if (p >= c1) break;
                        if (counting) worker.CountTile(g, Width);
                        if (hit != 0) worker.OfferTile(g, p * Width, Width);
                        p++;
                    }
                }
            }
        }
        for (var j = 0; j < count; j++)
        {
            var row = firstRow + j;
            var size = worker.Sizes[j];
            var top = result.ScoreRow(row);
            TopK.SortHeap(result.ItemRow(row), top, size);
            var offset = worker.Offsets[j];
            if (offset != 0f) for (var i = 0; i < size; i++) top[i] += offset;
            result.SetCount(row, size);
            if (counting) auc!.Values[row] = worker.FinishAuc(j);
        }
    }

    /// <summary>
    /// The score the kernel computes for <paramref name="item"/>, bit for bit: the bias, then one fused multiply-add per
    /// factor in order (what each vector lane does), read from the packed panels.
    /// </summary>
    internal float PackedScore(ReadOnlySpan<float> user, int item)
    {
        var panel = _panels.AsSpan((item / Width) * _panelStride, _panelStride);
        var lane = item % Width;
        var s = panel[lane];
        for (var k = 0; k < Factors; k++) s = MathF.FusedMultiplyAdd(user[k], panel[((k + 1) * Width) + lane], s);
        return s;
    }

    /// <summary>A worker's buffers and the heaps' bookkeeping for one block of users; reused across blocks.</summary>
    public sealed partial class Worker
    {
        private readonly int _factors;
        private readonly int[] _users;
        private CsrMatrix? _seen;
        private RecommendationLists? _result;
        private int _firstRow;
        private int _items;

        /// <summary>Buffers for up to <paramref name="capacity"/> users of vectors of length <paramref name="factors"/>.</summary>
        public Worker(int capacity, int factors)
        {
            var padded = WholeTiles(capacity);
            _factors = factors;
            Vectors = new float[padded * factors];
            Offsets = new float[padded];
            Sizes = new int[padded];
            _users = new int[padded];
        }

        /// <summary>User vectors, users × f (rows past the block's users are zero).</summary>
        public float[] Vectors { get; }

        /// <summary>Per-user score constants c_u.</summary>
        public float[] Offsets { get; }

        /// <summary>Entries in each user's heap.</summary>
        public int[] Sizes { get; }

        /// <summary>The current group's thresholds: the score each user's next candidate must beat.</summary>
        public float[] Thresholds { get; } = new float[MR];

        /// <summary>Scratch for one tile of scores, MR rows of up to 32.</summary>
        public float[] Tile { get; } = new float[MR * 32];

        private int _count;

        internal void Begin(ReadOnlySpan<int> users, CsrMatrix? seen, RecommendationLists result, int firstRow, int items)
        {
            _count = users.Length;
            users.CopyTo(_users);
            _seen = seen; _result = result; _firstRow = firstRow; _items = items;
            Array.Clear(Sizes);
            // Zero the padding rows of the last group so its tiles compute finite throwaway scores.
            Vectors.AsSpan(_count * _factors, (WholeTiles(_count) - _count) * _factors).Clear();
        }

        // Users rounded up to whole register tiles of MR.
        private static int WholeTiles(int users) => (users + MR - 1) / MR * MR;

        internal void LoadThresholds(int group)
        {
            var k = _result!.K;
            for (var r = 0; r < MR; r++)
            {
                var slot = (group * MR) + r;
                Thresholds[r] = slot >= _count ? float.PositiveInfinity
                    : TopK.HeapThreshold(_result.ScoreRow(_firstRow + slot), Sizes[slot], k);
            }
        }

        /// <summary>Offers each row of <see cref="Tile"/> (<paramref name="width"/> items from <paramref name="firstItem"/>) to its user's heap.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // called per candidate tile: no tier-0 phase
        internal void OfferTile(int group, int firstItem, int width)
        {
            for (var r = 0; r < MR; r++)
            {
                var slot = (group * MR) + r;
                if (slot >= _count) break;
                var candidates = Tile.AsSpan(r * width, width);
                var threshold = Thresholds[r];
                if (!AnyAbove(candidates, threshold)) continue;
                var row = _firstRow + slot;
                var items = _result!.ItemRow(row); var top = _result.ScoreRow(row);
                var seenRow = SeenRow(_users[slot]);
                ref var size = ref Sizes[slot];
                for (var lane = 0; lane < width; lane++)
                {
                    var s = candidates[lane];
                    if (!(s > threshold)) continue;
                    var item = firstItem + lane;
                    if (item >= _items) break;
                    if (!seenRow.IsEmpty && seenRow.BinarySearch(item) >= 0) continue;
                    TopK.Offer(items, top, ref size, item, s);
                    threshold = TopK.HeapThreshold(top, size, items.Length);
                }
                Thresholds[r] = threshold;
            }
        }
    }
}
