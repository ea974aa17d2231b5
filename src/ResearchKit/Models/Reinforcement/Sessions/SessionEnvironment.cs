using ResearchKit.Data;
using ResearchKit.Data.Synthetic;

namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// A slate-recommendation session simulator on the synthetic shop's ground truth, in the spirit of RecSim
/// (Ie et al. 2019, "RecSim: a configurable simulation platform for recommender systems").
/// <para>
/// Hidden user state per session: the planted taste vector (drifting towards clicked items and by a small random
/// walk), the shop's price sensitivity β, a budget, a patience and the recent exposure (items of the last slates,
/// decayed category counts). Each step the policy shows a slate of k distinct items; position j is examined with
/// probability 1/(1+j)^γ (the position-based model, Craswell et al. 2008); an examined item is clicked with
/// probability σ(b + w_t·taste·item + w_p·log pop − β·log(price/median) − f_i·shown − f_c·exposure); a click becomes a
/// cart with probability σ(logit c + w_t/2·taste·item), a cart a purchase with σ(logit p − 2β·log(price/median)) if the
/// price fits the budget. A slate costs one unit of patience and one with a click gives some back; the session ends
/// when patience runs out or after <see cref="SessionEnvironmentOptions.MaxSteps"/> slates, and the slot starts the
/// next session at once (as in vectorised gym environments).
/// </para>
/// The state is struct-of-arrays over <see cref="SessionEnvironmentOptions.Slots"/> slots, each with its own random
/// stream, so <see cref="Step"/> allocates nothing and the result for a seed does not depend on the thread count.
/// </summary>
public sealed partial class SessionEnvironment
{
    private readonly SessionEnvironmentOptions _o;
    private readonly int[] _pool;
    private readonly int _b, _k, _d, _c, _h, _items;
    private readonly float[] _itemFactors, _userFactors, _beta, _logPop, _priceTerm, _price, _examine;
    private readonly int[] _category;
    private readonly float _cartLogit, _purchaseLogit;
    // Per-slot state.
    private readonly SeededRandom[] _rng;
    private readonly int[] _user, _step, _sessionsInSlot, _recent, _recentHead;
    private readonly float[] _taste, _catExposure, _budget, _patience, _return;
    // Outputs of the last step.
    private readonly byte[] _examined, _clicked, _carted, _purchased;
    private readonly float[] _stepReward, _endedReturn;
    private readonly bool[] _ended;
    private readonly int[] _endedLength, _endedUser;
    private long _steps, _sessions;

    /// <summary>Creates the environment over <paramref name="shop"/>'s users (or the <paramref name="users"/> given) and starts every slot.</summary>
    /// <param name="shop">The ground truth: tastes, item factors, price sensitivities, popularity, prices, categories.</param>
    /// <param name="options">Simulator knobs (defaults documented on <see cref="SessionEnvironmentOptions"/>).</param>
    /// <param name="seed">Seed of the per-slot random streams.</param>
    /// <param name="users">Users sessions are drawn from, uniformly (default: every user); e.g. one arm of an A/B test.</param>
    public SessionEnvironment(SyntheticShop shop, SessionEnvironmentOptions? options = null, int seed = 42, int[]? users = null)
    {
        ArgumentNullException.ThrowIfNull(shop);
        _o = options ?? new SessionEnvironmentOptions();
        _o.Validate();
        var data = shop.Dataset;
        _items = data.ItemCount;
        if (_o.SlateSize > _items) throw new ArgumentException($"SlateSize {_o.SlateSize} exceeds the shop's {_items} items.", nameof(options));
        _pool = users is null ? [.. Enumerable.Range(0, data.UserCount)] : (int[])users.Clone();
        if (_pool.Length == 0) throw new ArgumentException("users is empty; sessions need at least one user.", nameof(users));
        foreach (var u in _pool)
            if ((uint)u >= (uint)data.UserCount) throw new ArgumentException($"user {u} is outside [0, {data.UserCount}).", nameof(users));
        (_b, _k, _d, _c) = (_o.Slots, _o.SlateSize, shop.Factors, shop.Options.Categories);
        _h = _o.RecentSlates * _k;
        _itemFactors = shop.ItemFactors.ToArray(); _userFactors = shop.UserFactors.ToArray(); _beta = shop.PriceSensitivity.ToArray();
        _logPop = new float[_items]; _price = new float[_items]; _category = new int[_items];
        var catalog = data.Items!;
        for (var i = 0; i < _items; i++)
        {
            _logPop[i] = MathF.Log(shop.Popularity[i]); _price[i] = catalog.Price[i]; _category[i] = catalog.Category[i];
        }
        _priceTerm = LogPriceRatios(_price, _category, _c);
        _examine = new float[_k];
        for (var j = 0; j < _k; j++) _examine[j] = (float)Math.Pow(1 + j, -_o.PositionBias);
        _cartLogit = Logit(_o.CartRate); _purchaseLogit = Logit(_o.PurchaseRate);

        _rng = new SeededRandom[_b];
        _user = new int[_b]; _step = new int[_b]; _sessionsInSlot = new int[_b]; _recent = new int[_b * _h]; _recentHead = new int[_b];
        _taste = new float[_b * _d]; _catExposure = new float[_b * _c]; _budget = new float[_b]; _patience = new float[_b]; _return = new float[_b];
        _examined = new byte[_b * _k]; _clicked = new byte[_b * _k]; _carted = new byte[_b * _k]; _purchased = new byte[_b * _k];
        _stepReward = new float[_b]; _endedReturn = new float[_b]; _ended = new bool[_b]; _endedLength = new int[_b]; _endedUser = new int[_b];
        Reset(seed);
    }

    /// <summary>The options.</summary>
    public SessionEnvironmentOptions Options => _o;
    /// <summary>Sessions simulated side by side.</summary>
    public int Slots => _b;
    /// <summary>Items per slate.</summary>
    public int SlateSize => _k;
    /// <summary>Items in the catalogue (valid slate entries are 0 … ItemCount − 1).</summary>
    public int ItemCount => _items;
    /// <summary>Slates simulated since the last <see cref="Reset"/> (user-steps).</summary>
    public long TotalSteps => _steps;
    /// <summary>Sessions finished since the last <see cref="Reset"/>.</summary>
    public long CompletedSessions => _sessions;
    /// <summary>Category of each item (for diversity measures).</summary>
    public ReadOnlySpan<int> ItemCategories => _category;

    /// <summary>The user of each slot's current session (observable).</summary>
    public ReadOnlySpan<int> Users => _user;
    /// <summary>Slates already shown in each slot's current session (observable).</summary>
    public ReadOnlySpan<int> StepsInSession => _step;
    /// <summary>Per-slot session id, unique and deterministic: (sessions started in the slot) × Slots + slot.</summary>
    public long SessionId(int slot) => ((long)_sessionsInSlot[slot] * _b) + slot;
    /// <summary>The items of the slot's last <see cref="SessionEnvironmentOptions.RecentSlates"/> slates (−1 = empty), in ring order (observable).</summary>
    public ReadOnlySpan<int> RecentItems(int slot) => _recent.AsSpan(slot * _h, _h);
    /// <summary>Writes the slot's recent items newest first into <paramref name="destination"/> (−1 padding; the ring's length at most).</summary>
    public void RecentItemsNewestFirst(int slot, Span<int> destination)
    {
        destination.Fill(-1);
        var ring = RecentItems(slot);
        var filled = Math.Min(Math.Min(_h, destination.Length), _step[slot] * _k);
        var head = _recentHead[slot];
        for (var i = 0; i < filled; i++) destination[i] = ring[(((head - 1 - i) % _h) + _h) % _h];
    }

    /// <summary>The slot's current (drifted) taste: hidden state, for oracle baselines and tests only.</summary>
    public ReadOnlySpan<float> HiddenTaste(int slot) => _taste.AsSpan(slot * _d, _d);

    /// <summary>After <see cref="Step"/>: whether position j of each slot's slate was examined (viewed), Slots × k.</summary>
    public ReadOnlySpan<byte> Examined => _examined;
    /// <summary>After <see cref="Step"/>: clicks, Slots × k.</summary>
    public ReadOnlySpan<byte> Clicked => _clicked;
    /// <summary>After <see cref="Step"/>: add-to-carts, Slots × k.</summary>
    public ReadOnlySpan<byte> Carted => _carted;
    /// <summary>After <see cref="Step"/>: purchases, Slots × k.</summary>
    public ReadOnlySpan<byte> Purchased => _purchased;
    /// <summary>After <see cref="Step"/>: reward of the step per slot.</summary>
    public ReadOnlySpan<float> StepReward => _stepReward;
    /// <summary>After <see cref="Step"/>: whether the slot's session ended at this step (the slot now holds a new session).</summary>
    public ReadOnlySpan<bool> Ended => _ended;
    /// <summary>After <see cref="Step"/>: total reward of each session that ended (0 where none did).</summary>
    public ReadOnlySpan<float> EndedReturn => _endedReturn;
    /// <summary>After <see cref="Step"/>: slates of each session that ended.</summary>
    public ReadOnlySpan<int> EndedLength => _endedLength;
    /// <summary>After <see cref="Step"/>: user of each session that ended.</summary>
    public ReadOnlySpan<int> EndedUser => _endedUser;

    /// <summary>Restarts every slot with a fresh session, on the random streams of <paramref name="seed"/>.</summary>
    public void Reset(int seed)
    {
        for (var s = 0; s < _b; s++)
        {
            _rng[s] = new SeededRandom(seed, s);
            _sessionsInSlot[s] = -1;
            StartSession(s);
        }
        _steps = 0; _sessions = 0;
    }

    /// <summary>
    /// Shows one slate per slot (<paramref name="slates"/>: Slots × k distinct item ids, row-major) and simulates the
    /// responses; read them from <see cref="Clicked"/>, <see cref="StepReward"/>, <see cref="Ended"/> and the rest.
    /// </summary>
    public void Step(ReadOnlySpan<int> slates)
    {
        if (slates.Length != _b * _k)
            throw new ArgumentException($"slates must hold Slots × SlateSize = {_b} × {_k} = {_b * _k} items, got {slates.Length}.", nameof(slates));
        for (var s = 0; s < _b; s++) CheckSlate(slates.Slice(s * _k, _k), s);
        var ended = 0;
        for (var s = 0; s < _b; s++)
            if (StepSlot(s, slates.Slice(s * _k, _k))) ended++;
        _steps += _b; _sessions += ended;
    }

    private void CheckSlate(ReadOnlySpan<int> slate, int slot)
    {
        for (var j = 0; j < slate.Length; j++)
        {
            if ((uint)slate[j] >= (uint)_items)
                throw new ArgumentException($"slot {slot}, position {j}: item {slate[j]} is outside [0, {_items}).", "slates");
            for (var q = 0; q < j; q++)
                if (slate[q] == slate[j]) throw new ArgumentException($"slot {slot}: item {slate[j]} appears twice in the slate (positions {q} and {j}).", "slates");
        }
    }

    private static float Logit(double p) => (float)Math.Log(p / (1 - p));

    private static float Sigmoid(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>log(price) − the median log price of the item's category, per item: the price signal of the click and purchase models.</summary>
    internal static float[] LogPriceRatios(ReadOnlySpan<float> price, ReadOnlySpan<int> category, int categories)
    {
        var byCat = new List<float>[categories];
        for (var c = 0; c < categories; c++) byCat[c] = [];
        for (var i = 0; i < price.Length; i++) byCat[category[i]].Add(MathF.Log(price[i]));
        var median = new float[categories];
        for (var c = 0; c < categories; c++)
        {
            byCat[c].Sort();
            median[c] = byCat[c].Count == 0 ? 0 : byCat[c][byCat[c].Count / 2];
        }
        var term = new float[price.Length];
        for (var i = 0; i < price.Length; i++) term[i] = MathF.Log(price[i]) - median[category[i]];
        return term;
    }
}
