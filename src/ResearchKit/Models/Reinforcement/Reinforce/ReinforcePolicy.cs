using ResearchKit.Models.Deep.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace ResearchKit.Models.Reinforcement.Reinforce;

/// <summary>Loss and weight diagnostics of one training epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="PolicyLoss">Mean −w·λ_K·R·log π(a|s).</param>
/// <param name="BehaviourLoss">Mean −log β(a|s) (cross-entropy of the behaviour head).</param>
/// <param name="MeanWeight">Mean capped importance weight min(π/β, c).</param>
public readonly record struct ReinforceEpoch(int Epoch, double PolicyLoss, double BehaviourLoss, double MeanWeight);

/// <summary>
/// REINFORCE with top-K off-policy correction (Chen, Beutel, Covington, Jain, Belletti &amp; Chi, "Top-K Off-Policy
/// Correction for a REINFORCE Recommender System", WSDM 2019), on TorchSharp. From logged (state, action, return)
/// examples it ascends Σ w(s,a)·λ_K(s,a)·R(s,a)·∇log π(a|s) with the importance weight w = min(π(a|s)/β(a|s), c)
/// (β from a learned behaviour head, weight capping at c) and the top-K multiplier λ_K = K(1 − π(a|s))^(K−1), the
/// derivative of the probability 1 − (1 − π)^K that a top-K slate of K independent draws contains a; w and λ_K are
/// treated as constants in the gradient, as in the paper.
/// </summary>
public sealed class ReinforcePolicy : IDisposable
{
    private readonly ReinforceNetwork _net;
    private readonly Device _device;
    private readonly List<ReinforceEpoch> _history = [];

    /// <summary>Creates an untrained policy over <paramref name="itemCount"/> items.</summary>
    public ReinforcePolicy(int itemCount, ReinforceOptions? options = null)
    {
        Options = options ?? new ReinforceOptions();
        Options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 2);
        ItemCount = itemCount;
        _device = TorchRuntime.ResolveDevice(Options.Device);
        using var generator = new Generator(unchecked((ulong)Options.Seed));
        _net = new ReinforceNetwork(itemCount, Options, generator);
        _net.to(_device);
    }

    /// <summary>The options.</summary>
    public ReinforceOptions Options { get; }
    /// <summary>The device the policy trains and scores on: <c>cpu</c> or <c>cuda</c> (what <c>device=auto</c> resolved to).</summary>
    public string DeviceUsed => _device.type == DeviceType.CUDA ? "cuda" : "cpu";
    /// <summary>Items the policy chooses among.</summary>
    public int ItemCount { get; }
    /// <summary>Per-epoch diagnostics of the fits so far.</summary>
    public IReadOnlyList<ReinforceEpoch> History => _history;

    /// <summary>Trains on <paramref name="examples"/> for <see cref="ReinforceOptions.Epochs"/> epochs.</summary>
    public void Fit(ReinforceExamples examples, IProgress<FitProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0) throw new ArgumentException("no training examples; log some sessions first.", nameof(examples));
        var o = Options;
        var h = o.HistorySize;
        if (examples.History.Length != (long)examples.Count * h)
            throw new ArgumentException($"examples carry {examples.History.Length / Math.Max(1, examples.Count)} history slots, the options {h}.", nameof(examples));
        using var optimizer = optim.Adam(_net.parameters(), o.LearningRate);
        var rng = new Random(o.Seed);
        var order = new int[examples.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        var hist = new long[o.BatchSize * h]; var act = new long[o.BatchSize]; var ret = new float[o.BatchSize];
        _net.train();
        for (var epoch = 1; epoch <= o.Epochs; epoch++)
        {
            for (var i = order.Length - 1; i > 0; i--) { var j = rng.Next(i + 1); (order[i], order[j]) = (order[j], order[i]); }
            double lp = 0, lb = 0, mw = 0; var batches = 0;
            for (var start = 0; start < order.Length; start += o.BatchSize)
            {
                ct.ThrowIfCancellationRequested();
                var b = Math.Min(o.BatchSize, order.Length - start);
                for (var q = 0; q < b; q++)
                {
                    var e = order[start + q];
                    for (var slot = 0; slot < h; slot++) { var it = examples.History[(e * h) + slot]; hist[(q * h) + slot] = it < 0 ? ItemCount : it; }
                    act[q] = examples.Action[e]; ret[q] = examples.Return[e];
                }
                using var scope = NewDisposeScope();
                var history = tensor(hist.AsSpan(0, b * h).ToArray(), [b, h], device: _device);  // (B, H)
                var a = tensor(act.AsSpan(0, b).ToArray(), device: _device).unsqueeze(1);          // (B, 1)
                var r = tensor(ret.AsSpan(0, b).ToArray(), device: _device);                       // (B)
                var state = _net.call(history);                                                    // (B, d)
                var logPi = nn.functional.log_softmax(_net.PolicyLogits(state), 1).gather(1, a).squeeze(1);      // (B)
                var logBeta = nn.functional.log_softmax(_net.BehaviourLogits(state), 1).gather(1, a).squeeze(1); // (B)
                var p = logPi.detach().exp();
                var w = o.OffPolicyCorrection ? (p / logBeta.detach().exp()).clamp_max(o.WeightCap) : ones_like(p);
                var lambda = o.TopK * (1 - p).pow(o.TopK - 1);
                var policyLoss = -(w * lambda * r * logPi).mean();
                var behaviourLoss = -logBeta.mean();
                optimizer.zero_grad();
                (policyLoss + behaviourLoss).backward();
                optimizer.step();
                lp += policyLoss.item<float>(); lb += behaviourLoss.item<float>(); mw += w.mean().item<float>();
                batches++;
            }
            if (!double.IsFinite(lp)) throw new InvalidOperationException($"REINFORCE diverged in epoch {epoch} (policy loss {lp}); lower the learning rate ({o.LearningRate}).");
            var stats = new ReinforceEpoch(epoch, lp / batches, lb / batches, mw / batches);
            _history.Add(stats);
            progress?.Report(new FitProgress("rl", epoch, o.Epochs, stats.PolicyLoss));
        }
        _net.eval();
    }

    /// <summary>
    /// Policy logits for <paramref name="rows"/> states (<paramref name="history"/>: rows × H item ids, −1 = empty) into
    /// <paramref name="logits"/> (rows × items); <paramref name="behaviour"/> asks for the β head instead.
    /// </summary>
    public void Logits(ReadOnlySpan<int> history, int rows, Span<float> logits, bool behaviour = false)
    {
        var h = Options.HistorySize;
        if (history.Length != rows * h) throw new ArgumentException($"history must hold rows × {h} = {rows * h} ids, got {history.Length}.", nameof(history));
        if (logits.Length != rows * ItemCount) throw new ArgumentException($"logits must hold rows × {ItemCount} values, got {logits.Length}.", nameof(logits));
        var ids = new long[history.Length];
        for (var i = 0; i < ids.Length; i++) ids[i] = history[i] < 0 ? ItemCount : history[i];
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var state = _net.call(tensor(ids, [rows, h], device: _device));
        var output = behaviour ? _net.BehaviourLogits(state) : _net.PolicyLogits(state);
        output.cpu().data<float>().CopyTo(logits);
    }

    /// <inheritdoc />
    public void Dispose() => _net.Dispose();
}
