using System.Collections.Concurrent;
using ResearchKit.Data;
using ResearchKit.Data.Splitting;

namespace ResearchKit.Models;

/// <summary>
/// What a model fits on: the training <see cref="Dataset"/> and its user × item matrix
/// (duplicates summed), plus the item × user transpose, both built once on first use and shared by every model.
/// </summary>
public sealed class TrainingSet
{
    private CsrMatrix? _userItems;
    private CsrMatrix? _itemUsers;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<(double Fraction, int Seed), Lazy<(TrainingSet Inner, Dataset Validation)>> _holdouts = new();

    /// <summary>Wraps a training dataset.</summary>
    public TrainingSet(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Data = data;
    }

    /// <summary>The training rows and id maps.</summary>
    public Dataset Data { get; }

    /// <summary>Users in the id space.</summary>
    public int UserCount => Data.UserCount;

    /// <summary>Items in the id space.</summary>
    public int ItemCount => Data.ItemCount;

    /// <summary>User × item matrix, duplicate (user,item) values summed.</summary>
    public CsrMatrix UserItems
    {
        get
        {
            if (_userItems is null) lock (_gate) _userItems ??= Data.ToCsr();
            return _userItems;
        }
    }

    /// <summary>Item × user matrix (transpose of <see cref="UserItems"/>).</summary>
    public CsrMatrix ItemUsers
    {
        get
        {
            if (_itemUsers is null) lock (_gate) _itemUsers ??= UserItems.Transpose();
            return _itemUsers;
        }
    }

    /// <summary>
    /// A tuning split carved out of this training set only (never the test set): a per-user stratified hold-out of
    /// <paramref name="fraction"/> of each user's interactions. Made once per (fraction, seed) and shared, so every
    /// fusion that tunes on the same split sees the same <see cref="TrainingSet"/> and a <c>ModelPool</c> (Experiments) fits
    /// each member on it once.
    /// </summary>
    public (TrainingSet Inner, Dataset Validation) Holdout(double fraction, int seed)
    {
        if (!(fraction is > 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The hold-out fraction must be in (0, 1).");
        return _holdouts.GetOrAdd((fraction, seed), key => new Lazy<(TrainingSet, Dataset)>(() =>
        {
            var split = Splits.Stratified(Data, 1 - key.Fraction, key.Seed);
            return (new TrainingSet(split.Train), split.Test);
        })).Value;
    }

    /// <summary>Throws a clear error when the set cannot be fitted on (no rows, or one user only).</summary>
    public void EnsureFittable(string model)
    {
        if (Data.Interactions.Count == 0)
            throw new ArgumentException($"{model}: the training set '{Data.Name}' has no interactions.");
        if (UserCount == 0 || ItemCount == 0)
            throw new ArgumentException($"{model}: the training set '{Data.Name}' has no users or no items.");
    }
}
