namespace ResearchKit.Models.Reinforcement.Sessions;

/// <summary>
/// Each user's top-M items under a fitted model, with their scores standardised within the list (z-scores), computed
/// on first use and cached: the candidate generator the slate policies rank or sample from, so a policy step costs
/// O(M), not a full scoring pass. Thread-unsafe by design (one policy, one caller).
/// </summary>
public sealed class CandidateTable
{
    private readonly IRecommender _model;
    private readonly int[] _items;
    private readonly float[] _z;
    private readonly bool[] _filled;
    private readonly float[] _scores;

    /// <summary>Wraps a fitted <paramref name="model"/> over <paramref name="users"/> users and <paramref name="itemCount"/> items.</summary>
    /// <param name="model">A fitted recommender (scores over all items, seen items included).</param>
    /// <param name="users">Number of users.</param>
    /// <param name="itemCount">Number of items (the model's score vector length).</param>
    /// <param name="candidates">M, candidates kept per user (default 100).</param>
    public CandidateTable(IRecommender model, int users, int itemCount, int candidates = 100)
    {
        _model = model ?? throw new ArgumentNullException(nameof(model));
        ArgumentOutOfRangeException.ThrowIfLessThan(users, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(itemCount, 1);
        if (candidates < 1 || candidates > itemCount)
            throw new ArgumentOutOfRangeException(nameof(candidates), candidates, $"candidates must be in [1, {itemCount}].");
        M = candidates;
        _items = new int[users * M]; _z = new float[users * M]; _filled = new bool[users]; _scores = new float[itemCount];
    }

    /// <summary>Candidates per user.</summary>
    public int M { get; }

    /// <summary>The model's name.</summary>
    public string ModelName => _model.Name;

    /// <summary>The user's candidates, best first.</summary>
    public ReadOnlySpan<int> Items(int user) { Fill(user); return _items.AsSpan(user * M, M); }

    /// <summary>The candidates' standardised scores (mean 0, standard deviation 1 within the list).</summary>
    public ReadOnlySpan<float> Scores(int user) { Fill(user); return _z.AsSpan(user * M, M); }

    private void Fill(int user)
    {
        if (_filled[user]) return;
        _model.Score(user, _scores);
        var items = _items.AsSpan(user * M, M);
        var z = _z.AsSpan(user * M, M);
        if (TopK.Select(_scores, M, items, z) < M)
            throw new InvalidOperationException($"{_model.Name} gave fewer than {M} finite scores for user {user}; lower the candidates per user.");
        double mean = 0, sq = 0;
        foreach (var v in z) mean += v;
        mean /= M;
        foreach (var v in z) sq += (v - mean) * (v - mean);
        var sd = Math.Sqrt(sq / M);
        for (var j = 0; j < M; j++) z[j] = sd > 1e-12 ? (float)((z[j] - mean) / sd) : 0f;
        _filled[user] = true;
    }
}
