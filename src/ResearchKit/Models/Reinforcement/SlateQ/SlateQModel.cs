using ResearchKit.Models.Deep.Torch;
using ResearchKit.Models.Reinforcement.Sessions;
using static TorchSharp.torch;

namespace ResearchKit.Models.Reinforcement.SlateQ;

/// <summary>
/// The two halves of SlateQ's decomposition (Ie, Jain, Wang, Narvekar, Agarwal, Wu, Cheng, Chandra &amp; Boutilier,
/// "SlateQ: A Tractable Decomposition for Reinforcement Learning with Recommendation Sets", IJCAI 2019): the value of
/// a slate A in state s is Σ_{i∈A} P(i | s, A)·Q̄(s, i), a user-choice model times an item-wise long-term value.
/// Both are fitted here from logged slates, linear in the observable signals x(s, i) with a per-item term:
/// <list type="bullet">
/// <item>choice: P(click i at position j | s) = σ(b_j + θ·x(s, i) + c_i), the position-based click model, by logistic regression on every impression;</item>
/// <item>value: Q̄(s, i) = r̄(s, i) + γ·V̄(s, i), the purchase a click brings, r̄ = φ₀ + φ·x(s, i) + q_i, plus the
/// return of the rest of the session after it, V̄ = ψ₀ + ψ·x(s, i), both by least squares on the clicked impressions
/// (against the purchase and the logged G_{t+1}). The future has shared coefficients only: G_{t+1} is a whole
/// session's noise, and per-item terms fitted to it were worse than none (docs/algorithms.md).</item>
/// </list>
/// The targets are Monte Carlo returns of the logging policy, so Q̄ is that policy's value and acting greedily on it
/// is one step of policy improvement (Brandfonbrener et al., "Offline RL without off-policy evaluation", NeurIPS 2021)
/// rather than SlateQ's full temporal-difference iteration. The per-item terms c and q have a Gaussian prior of
/// <see cref="SlateQOptions.ItemPrior"/> pseudo-impressions. Fitted state is read-only.
/// </summary>
public sealed class SlateQModel
{
    private readonly float[] _theta, _position, _itemClick, _phi, _itemValue, _psi;
    private readonly float _phi0, _psi0, _gamma;

    private SlateQModel(float[] theta, float[] position, float[] itemClick, float[] phi, float[] itemValue, float[] psi, float gamma, double clickLoss, double valueLoss)
    {
        _theta = theta; _position = position; _itemClick = itemClick; _phi0 = phi[^1]; _phi = phi[..^1]; _itemValue = itemValue;
        _psi0 = psi[^1]; _psi = psi[..^1]; _gamma = gamma;
        ClickLoss = clickLoss; ValueLoss = valueLoss;
    }

    /// <summary>Coefficients θ of the signals in the click logit, in the order of <see cref="SessionSignals.Names"/>.</summary>
    public IReadOnlyList<float> ClickWeights => _theta;
    /// <summary>Position offsets b_j of the click logit.</summary>
    public IReadOnlyList<float> PositionOffsets => _position;
    /// <summary>Coefficients φ of the signals in the purchase a click brings, r̄.</summary>
    public IReadOnlyList<float> PurchaseWeights => _phi;
    /// <summary>Coefficients ψ of the signals in the return of the rest of the session after a click, V̄.</summary>
    public IReadOnlyList<float> FutureWeights => _psi;
    /// <summary>Final mean log-loss of the click model (with the prior term).</summary>
    public double ClickLoss { get; }
    /// <summary>Final mean squared error of r̄ and V̄ on the clicked impressions (summed, with the prior term).</summary>
    public double ValueLoss { get; }
    /// <summary>Items.</summary>
    public int ItemCount => _itemClick.Length;

    /// <summary>P(click) of <paramref name="item"/> at <paramref name="position"/> given its signals <paramref name="x"/>.</summary>
    public float ClickProbability(ReadOnlySpan<float> x, int item, int position = 0)
    {
        var logit = _position[position] + _itemClick[item];
        for (var q = 0; q < _theta.Length; q++) logit += _theta[q] * x[q];
        return 1f / (1f + MathF.Exp(-logit));
    }

    /// <summary>Q̄(s, i) = r̄ + γ·V̄: the long-term value of a click on <paramref name="item"/> given its signals <paramref name="x"/>.</summary>
    public float Value(ReadOnlySpan<float> x, int item)
    {
        float now = _phi0 + _itemValue[item], later = _psi0;
        for (var q = 0; q < _phi.Length; q++) { now += _phi[q] * x[q]; later += _psi[q] * x[q]; }
        return now + (_gamma * later);
    }

    /// <summary>Fits both models on <paramref name="examples"/> over <paramref name="itemCount"/> items and <paramref name="slateSize"/> positions.</summary>
    public static SlateQModel Fit(SlateQExamples examples, int itemCount, int slateSize, SlateQOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        var o = options ?? new SlateQOptions();
        o.Validate();
        if (examples.Count == 0) throw new ArgumentException("no logged impressions; log some sessions first.", nameof(examples));
        var f = SessionSignals.Count;
        var clickedRows = new List<int>();
        for (var e = 0; e < examples.Count; e++)
        {
            if ((uint)examples.Item[e] >= (uint)itemCount) throw new ArgumentException($"impression {e}: item {examples.Item[e]} is outside [0, {itemCount}).", nameof(examples));
            if ((uint)examples.Position[e] >= (uint)slateSize) throw new ArgumentException($"impression {e}: position {examples.Position[e]} is outside [0, {slateSize}).", nameof(examples));
            if (examples.Clicked[e] > 0) clickedRows.Add(e);
        }
        if (clickedRows.Count == 0) throw new ArgumentException("no logged click: the value model has nothing to learn from.", nameof(examples));
        var device = TorchRuntime.ResolveDevice(o.Device);
        using var scope = NewDisposeScope();
        var n = examples.Count;
        var x = tensor(examples.Signals, [n, f], device: device);                                  // (n, F)
        var items = tensor(examples.Item.Select(i => (long)i).ToArray(), device: device);           // (n)
        var positions = tensor(examples.Position.Select(j => (long)j).ToArray(), device: device);   // (n)
        var clicks = tensor(examples.Clicked, device: device);                                      // (n)
        var picked = tensor(clickedRows.Select(e => (long)e).ToArray(), device: device);            // (m)
        var bought = tensor(examples.Purchased, device: device).index_select(0, picked);            // (m)
        var future = tensor(examples.Future, device: device).index_select(0, picked);              // (m)
        var m = clickedRows.Count;
        var clickedSignals = cat([x.index_select(0, picked), ones([m, 1], device: device)], 1);    // (m, F + 1): x, then 1 for the intercept
        var clickedItems = items.index_select(0, picked);                                           // (m)

        var theta = new TorchSharp.Modules.Parameter(zeros(f, device: device));
        var position = new TorchSharp.Modules.Parameter(zeros(slateSize, device: device));
        var itemClick = new TorchSharp.Modules.Parameter(zeros(itemCount, device: device));
        var phi = new TorchSharp.Modules.Parameter(zeros(f + 1, device: device));        // φ, then φ₀
        var itemValue = new TorchSharp.Modules.Parameter(zeros(itemCount, device: device));
        var psi = new TorchSharp.Modules.Parameter(zeros(f + 1, device: device));        // ψ, then ψ₀
        using var optimizer = optim.Adam([theta, position, itemClick, phi, itemValue, psi], o.LearningRate);
        double clickLoss = 0, valueLoss = 0;
        for (var step = 0; step < o.Steps; step++)
        {
            ct.ThrowIfCancellationRequested();
            using var inner = NewDisposeScope();
            var logit = position.index_select(0, positions) + x.matmul(theta) + itemClick.index_select(0, items);    // (n)
            var click = nn.functional.binary_cross_entropy_with_logits(logit, clicks) + (o.ItemPrior / (2.0 * n) * itemClick.square().sum());
            var now = clickedSignals.matmul(phi) + itemValue.index_select(0, clickedItems);                            // (m)
            var later = clickedSignals.matmul(psi);                                                                   // (m)
            var value = (now - bought).square().mean() + (later - future).square().mean() + (o.ItemPrior / (2.0 * m) * itemValue.square().sum());
            optimizer.zero_grad();
            (click + value).backward();
            optimizer.step();
            if (step == o.Steps - 1) { clickLoss = click.item<float>(); valueLoss = value.item<float>(); }
        }
        if (!double.IsFinite(clickLoss) || !double.IsFinite(valueLoss))
            throw new InvalidOperationException($"SlateQ diverged (click loss {clickLoss}, value loss {valueLoss}); lower the learning rate ({o.LearningRate}).");
        static float[] Read(Tensor t) => t.detach().cpu().data<float>().ToArray();
        return new SlateQModel(Read(theta), Read(position), Read(itemClick), Read(phi), Read(itemValue), Read(psi), o.Gamma, clickLoss, valueLoss);
    }
}
