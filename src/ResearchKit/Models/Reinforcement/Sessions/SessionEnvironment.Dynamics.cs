using System.Numerics.Tensors;

namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>The per-slot dynamics of <see cref="SessionEnvironment"/>: session start, response to a slate, session end.</summary>
public sealed partial class SessionEnvironment
{
    private void StartSession(int s)
    {
        ref var rng = ref _rng[s];
        var u = _pool[rng.NextInt(_pool.Length)];
        _user[s] = u;
        _userFactors.AsSpan(u * _d, _d).CopyTo(_taste.AsSpan(s * _d, _d));
        _step[s] = 0;
        _sessionsInSlot[s]++;
        _recent.AsSpan(s * _h, _h).Fill(-1);
        _recentHead[s] = 0;
        _catExposure.AsSpan(s * _c, _c).Clear();
        _budget[s] = (float)(_o.MedianBudget * Math.Exp(0.5 * rng.NextGaussian()));
        _patience[s] = (float)(1 + ((_o.MeanPatience - 1) * rng.NextExponential()));
        _return[s] = 0;
    }

    /// <summary>Simulates slot <paramref name="s"/>'s response to <paramref name="slate"/>; true when its session ended.</summary>
    private bool StepSlot(int s, ReadOnlySpan<int> slate)
    {
        ref var rng = ref _rng[s];
        var taste = _taste.AsSpan(s * _d, _d);
        var recent = _recent.AsSpan(s * _h, _h);
        var exposure = _catExposure.AsSpan(s * _c, _c);
        var beta = _beta[_user[s]];
        float tw = (float)_o.TasteWeight, pw = (float)_o.PopularityWeight, fi = (float)_o.ItemFatigue, fc = (float)_o.CategoryFatigue;
        var rho = (float)_o.InterestDrift;
        float reward = 0;
        var clicked = false;
        for (var j = 0; j < _k; j++)
        {
            var o = (s * _k) + j;
            var item = slate[j];
            var factor = _itemFactors.AsSpan(item * _d, _d);
            var affinity = TensorPrimitives.Dot(taste, factor);
            var shown = 0;
            foreach (var r in recent) if (r == item) shown++;
            var logit = (float)_o.ClickBias + (tw * affinity) + (pw * _logPop[item]) - (beta * _priceTerm[item])
                - (fi * shown) - (fc * exposure[_category[item]]);
            byte seen = 0, click = 0, cart = 0, buy = 0;
            if (rng.NextDouble() < _examine[j])
            {
                seen = 1;
                if (rng.NextDouble() < Sigmoid(logit))
                {
                    click = 1; clicked = true;
                    if (rng.NextDouble() < Sigmoid(_cartLogit + (0.5f * tw * affinity)))
                    {
                        cart = 1;
                        if (_price[item] <= _budget[s] && rng.NextDouble() < Sigmoid(_purchaseLogit - (2 * beta * _priceTerm[item])))
                        {
                            buy = 1;
                            _budget[s] -= _price[item];
                        }
                    }
                    // Interest drift: the taste moves towards what the user engaged with.
                    TensorPrimitives.Multiply(taste, 1 - rho, taste);
                    TensorPrimitives.MultiplyAdd(factor, rho, taste, taste);
                }
            }
            _examined[o] = seen; _clicked[o] = click; _carted[o] = cart; _purchased[o] = buy;
            reward += _o.Reward switch
            {
                SessionReward.Purchases => buy,
                SessionReward.Revenue => buy * _price[item],
                _ => click,
            };
        }

        // Exposure memory: the slate enters the ring, category exposure decays and grows by the slate's categories.
        var head = _recentHead[s];
        for (var j = 0; j < _k; j++) { recent[head] = slate[j]; head = head + 1 == _h ? 0 : head + 1; }
        _recentHead[s] = head;
        TensorPrimitives.Multiply(exposure, (float)_o.CategoryMemory, exposure);
        for (var j = 0; j < _k; j++) exposure[_category[slate[j]]] += 1;
        if (_o.TasteNoise > 0)
        {
            var sigma = (float)(_o.TasteNoise / Math.Sqrt(_d));
            for (var q = 0; q < _d; q++) taste[q] += sigma * (float)rng.NextGaussian();
        }

        _stepReward[s] = reward;
        _return[s] += reward;
        _step[s]++;
        _patience[s] -= clicked ? 1 - (float)_o.ClickPatience : 1;
        var end = _patience[s] <= 0 || _step[s] >= _o.MaxSteps;
        _ended[s] = end;
        if (!end)
        {
            _endedReturn[s] = 0; _endedLength[s] = 0; _endedUser[s] = -1;
            return false;
        }
        _endedReturn[s] = _return[s]; _endedLength[s] = _step[s]; _endedUser[s] = _user[s];
        StartSession(s);
        return true;
    }
}
