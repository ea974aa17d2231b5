using static TorchSharp.torch;

namespace ResearchKit.Models.Deep.Torch;

/// <summary>
/// Sums a training loop's batch losses where they are computed and reads the sum back every <c>every</c> batches and
/// at the end of an epoch. Reading a loss (<c>loss.item()</c>) waits for the device to finish the step, so on a GPU
/// reading every batch's loss keeps the host from queueing the next batch while the GPU runs this one; on the CPU the
/// two cost the same. A non-finite loss is still caught, in the read-back that covers its batch, and stops training
/// with an error naming the model, the epoch and the batches.
/// </summary>
internal sealed class LossMeter : IDisposable
{
    private readonly Tensor _pending;                                             // (1) float64 on the training device
    private readonly string _model;
    private readonly float _learningRate;
    private readonly int _every;
    private int _epoch, _batches, _firstPending;
    private double _sum;

    public LossMeter(Device device, string model, float learningRate, int every = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        _pending = zeros(1, ScalarType.Float64, device).DetachFromDisposeScope();
        (_model, _learningRate, _every) = (model, learningRate, every);
    }

    /// <summary>Starts an epoch (numbered from 1).</summary>
    public void Begin(int epoch) => (_epoch, _batches, _firstPending, _sum) = (epoch, 0, 1, 0);

    /// <summary>Adds one batch's scalar loss (call inside the batch's dispose scope).</summary>
    public void Add(Tensor loss)
    {
        using (no_grad()) _pending.add_(loss.detach().to_type(ScalarType.Float64));
        if (++_batches % _every == 0) Read();
    }

    /// <summary>The epoch's mean batch loss (reads back what is pending).</summary>
    public double EndEpoch()
    {
        Read();
        return _sum / Math.Max(1, _batches);
    }

    public void Dispose() => _pending.Dispose();

    private void Read()
    {
        if (_firstPending > _batches) return;
        var pending = _pending.item<double>();
        _pending.zero_();
        if (!double.IsFinite(pending))
        {
            var which = _firstPending == _batches ? $"batch {_batches}" : $"batches {_firstPending}–{_batches}";
            throw new TrainingDivergedException(_model, _epoch, $"the loss of {which} is {pending}", _learningRate);
        }
        _sum += pending;
        _firstPending = _batches + 1;
    }
}
