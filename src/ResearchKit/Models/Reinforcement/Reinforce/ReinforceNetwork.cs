using ResearchKit.Models.Deep;
using ResearchKit.Models.Deep.Torch;
using static TorchSharp.torch;

namespace ResearchKit.Models.Reinforcement.Reinforce;

/// <summary>
/// The REINFORCE policy network: a history encoder (item embeddings mean-pooled separately over the in-session and
/// the prior slots, then an MLP) giving the state s (B, d); the policy head π(·|s) = softmax(W_π s + b_π) over all
/// items; and the behaviour head β(·|s) = softmax(W_β sg(s) + b_β), trained on the logged actions with the state's
/// gradient stopped (Chen et al. 2019, §4.3), so estimating β does not bend the state π uses.
/// </summary>
internal sealed class ReinforceNetwork : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Embedding items;
    private readonly TorchMlp encoder;
    private readonly TorchSharp.Modules.Linear pi, beta;
    private readonly int _sessionSlots, _pad;

    public ReinforceNetwork(int itemCount, ReinforceOptions o, Generator generator) : base("reinforce")
    {
        _pad = itemCount; _sessionSlots = o.SessionHistory;
        items = nn.Embedding(itemCount + 1, o.Dim, padding_idx: itemCount);
        using (no_grad())
        {
            items.weight!.normal_(0, 0.1, generator);
            items.weight[itemCount].zero_();
        }
        encoder = new TorchMlp([2 * o.Dim, o.Hidden, o.Dim], Activation.Relu, 0, generator);
        pi = nn.Linear(o.Dim, itemCount); TorchLayers.InitLinear(pi, generator);
        beta = nn.Linear(o.Dim, itemCount); TorchLayers.InitLinear(beta, generator);
        RegisterComponents();
    }

    /// <summary>history (B, H) int64 with the pad id for empty slots → state (B, d).</summary>
    public override Tensor forward(Tensor history)
    {
        var e = items.call(history);                                           // (B, H, d); pad rows are zero
        var present = history.ne(_pad).to(ScalarType.Float32).unsqueeze(2);    // (B, H, 1)
        var h = history.shape[1];
        var session = Pool(e, present, 0, _sessionSlots);                      // (B, d)
        var prior = Pool(e, present, _sessionSlots, h);                        // (B, d)
        return encoder.call(cat([session, prior], 1));                         // (B, d)
    }

    private static Tensor Pool(Tensor e, Tensor present, long from, long to)
    {
        if (to <= from) return zeros([e.shape[0], e.shape[2]], device: e.device);
        var sum = e.narrow(1, from, to - from).sum(1);                          // (B, d)
        var count = present.narrow(1, from, to - from).sum(1).clamp_min(1);    // (B, 1)
        return sum / count;
    }

    /// <summary>Policy logits (B, items).</summary>
    public Tensor PolicyLogits(Tensor state) => pi.call(state);

    /// <summary>Behaviour logits (B, items) on the detached state.</summary>
    public Tensor BehaviourLogits(Tensor state) => beta.call(state.detach());
}
