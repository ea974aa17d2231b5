using ResearchKit.Data;

namespace ResearchKit.Models.CollaborativeFiltering;

/// <summary>Item–item similarity measures over the binary co-occurrence counts C_ij = |users(i) ∩ users(j)|.</summary>
public enum ItemSimilarity
{
    /// <summary>C_ij / √(c_i·c_j) (Sarwar et al. 2001; Deshpande &amp; Karypis 2004).</summary>
    Cosine,
    /// <summary>C_ij / (c_i + c_j − C_ij) (SAR's default).</summary>
    Jaccard,
    /// <summary>
    /// C_ij / (c_i·c_j) (SAR's "lift"): association beyond what popularity explains. It favours rare items, and
    /// among pairs seen once by chance it cannot tell association from noise, hence the higher automatic
    /// <see cref="ItemKnnOptions.Support"/>.
    /// </summary>
    Lift,
    /// <summary>C_ij itself (SAR's "counts").</summary>
    Cooccurrence,
}

/// <summary>Options for <see cref="ItemKnnRecommender"/>; defaults tuned as described in docs/algorithms.md.</summary>
public sealed record ItemKnnOptions
{
    /// <summary>Neighbours kept per item (default 100).</summary>
    public int Neighbors { get; init; } = 100;
    /// <summary>Similarity measure (default cosine).</summary>
    public ItemSimilarity Similarity { get; init; } = ItemSimilarity.Cosine;
    /// <summary>
    /// Half-life in days of the time decay of a user's affinity to an item (SAR): an interaction Δ days before the
    /// newest one weighs 2^(−Δ/halfLife). 0 (default) = no decay.
    /// </summary>
    public double HalfLifeDays { get; init; }
    /// <summary>Affinity is 1 per observed pair (default true); false sums the interaction values.</summary>
    public bool Binary { get; init; } = true;
    /// <summary>Worker threads; 0 = all cores (default). Results do not depend on it.</summary>
    public int Threads { get; init; }
    /// <summary>
    /// The fewest users two items must share (C_ij) to be neighbours: SAR's co-occurrence threshold. 0 (default) =
    /// automatic: 1 for cosine, Jaccard and co-occurrence; for lift 20 (at most ⌈10% of the users with training
    /// interactions⌉, at least 2). Lift divides by both items' popularity, so with support 1 it ranks chance
    /// co-occurrences of rare items first and scores below random; a count of 20 has a relative Poisson error of
    /// about 1/√20 ≈ 22%, and lift then beats random everywhere measured (docs/algorithms.md).
    /// </summary>
    public int Support { get; init; }

    /// <summary>The co-occurrence threshold <see cref="Support"/> resolves to for <paramref name="activeUsers"/> training users.</summary>
    public int ResolvedSupport(int activeUsers) =>
        Support > 0 ? Support : Similarity == ItemSimilarity.Lift ? Math.Clamp((int)Math.Ceiling(0.1 * activeUsers), 2, 20) : 1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Neighbors < 1) throw new ArgumentException($"{nameof(Neighbors)} must be ≥ 1, got {Neighbors}.");
        if (!(HalfLifeDays >= 0)) throw new ArgumentException($"{nameof(HalfLifeDays)} must be ≥ 0, got {HalfLifeDays}.");
        if (Threads < 0) throw new ArgumentException($"{nameof(Threads)} must be ≥ 0, got {Threads}.");
        if (Support < 0) throw new ArgumentException($"{nameof(Support)} must be ≥ 0 (0 = automatic), got {Support}.");
    }
}

/// <summary>
/// Item-based k-nearest-neighbour collaborative filtering (Sarwar et al., WWW 2001; SAR of Microsoft Recommenders):
/// the similarity of every item pair from co-occurrence counts, the top-<c>Neighbors</c> kept per item, and the
/// score <c>s_uj = Σ_{i ∈ I_u} a_ui·sim(i, j)</c> with a_ui the user's (optionally time-decayed) affinity to i.
/// Pairs sharing fewer than <see cref="ItemKnnOptions.Support"/> users are not neighbours.
/// Similarities are computed one item at a time with a sparse accumulator, so memory is O(items · neighbours).
/// </summary>
public sealed class ItemKnnRecommender : RecommenderBase, ISimilarItems, IPersistentRecommender
{
    private int[] _ptr = [];
    private int[] _neighbors = [];
    private float[] _similarity = [];
    private CsrMatrix? _affinity;

    /// <summary>Creates the model with <paramref name="options"/> (defaults when null).</summary>
    public ItemKnnRecommender(ItemKnnOptions? options = null)
    {
        Options = options ?? new ItemKnnOptions();
        Options.Validate();
    }

    /// <summary>The hyperparameters.</summary>
    public ItemKnnOptions Options { get; }

    /// <inheritdoc />
    public override string Name => "itemknn";

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        TrainingGuards.EnsureCollaborative(Name, train);
        var n = train.ItemCount; var k = Math.Min(Options.Neighbors, Math.Max(1, n - 1));
        var threads = Options.Threads > 0 ? Options.Threads : Environment.ProcessorCount;
        var userItems = train.UserItems; var itemUsers = train.ItemUsers;
        var counts = new int[n];
        for (var i = 0; i < n; i++) counts[i] = itemUsers.RowLength(i);
        var sim = Options.Similarity;
        var support = Options.ResolvedSupport(train.UserItems.Rows - CountEmptyRows(train.UserItems));
        SupportUsed = support;

        var topItems = new int[n][]; var topScores = new float[n][];
        Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = ct },
            () => new Scratch(n, k),
            (i, _, s) =>
            {
                var touched = 0;
                foreach (var u in itemUsers.RowIndices(i))
                    foreach (var j in userItems.RowIndices(u))
                        if (s.Co[j]++ == 0) s.Touched[touched++] = j;
                for (var t = 0; t < touched; t++)
                {
                    var j = s.Touched[t];
                    if (j == i) continue;
                    if (s.Co[j] < support) continue;   // too few shared users to tell association from chance
                    float c = s.Co[j], ci = counts[i], cj = counts[j];
                    s.Dense[j] = sim switch
                    {
                        ItemSimilarity.Cosine => c / MathF.Sqrt(ci * cj),
                        ItemSimilarity.Jaccard => c / (ci + cj - c),
                        ItemSimilarity.Lift => c / (ci * cj),
                        _ => c,
                    };
                }
                var got = TopK.Select(s.Dense, k, s.TopItems, s.TopScores);
                topItems[i] = s.TopItems.AsSpan(0, got).ToArray();
                topScores[i] = s.TopScores.AsSpan(0, got).ToArray();
                for (var t = 0; t < touched; t++) { var j = s.Touched[t]; s.Co[j] = 0; s.Dense[j] = float.NegativeInfinity; }
                return s;
            }, _ => { });

        var ptr = new int[n + 1];
        for (var i = 0; i < n; i++) ptr[i + 1] = ptr[i] + topItems[i].Length;
        var nb = new int[ptr[n]]; var sv = new float[ptr[n]];
        for (var i = 0; i < n; i++) { topItems[i].CopyTo(nb, ptr[i]); topScores[i].CopyTo(sv, ptr[i]); }
        _ptr = ptr; _neighbors = nb; _similarity = sv;
        _affinity = BuildAffinity(train);
        progress?.Report(new FitProgress(Name, 1, 1));
    }

    /// <summary>The co-occurrence threshold the last fit used (<see cref="ItemKnnOptions.ResolvedSupport"/>).</summary>
    public int SupportUsed { get; private set; }

    private static int CountEmptyRows(CsrMatrix m)
    {
        var empty = 0;
        for (var r = 0; r < m.Rows; r++) if (m.RowLength(r) == 0) empty++;
        return empty;
    }

    /// <summary>Per-thread buffers: co-occurrence counts, touched list, dense similarity row (−∞ = not a neighbour) and top-k output.</summary>
    private sealed class Scratch(int n, int k)
    {
        public readonly int[] Co = new int[n];
        public readonly int[] Touched = new int[n];
        public readonly float[] Dense = Enumerable.Repeat(float.NegativeInfinity, n).ToArray();
        public readonly int[] TopItems = new int[k];
        public readonly float[] TopScores = new float[k];
    }

    /// <summary>User × item affinities a_ui: 1 (binary), summed values, or time-decayed sums (SAR).</summary>
    private CsrMatrix BuildAffinity(TrainingSet train)
    {
        var o = Options;
        if (o.HalfLifeDays <= 0) return o.Binary ? train.UserItems.MapValues(_ => 1f) : train.UserItems;
        var log = train.Data.Interactions;
        var newest = System.Numerics.Tensors.TensorPrimitives.Max(log.Timestamps);
        var lambda = Math.Log(2) / (o.HalfLifeDays * 86400.0);
        var w = new float[log.Count];
        var times = log.Timestamps; var values = log.Values;
        for (var r = 0; r < w.Length; r++) w[r] = (o.Binary ? 1f : values[r]) * (float)Math.Exp(-lambda * (newest - times[r]));
        return CsrMatrix.FromCoordinates(train.UserCount, train.ItemCount, log.Users, log.Items, w);
    }

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        scores.Clear();
        var a = _affinity!;
        var idx = a.RowIndices(user); var val = a.RowValues(user);
        for (var k = 0; k < idx.Length; k++)
        {
            var i = idx[k]; var w = val[k];
            for (var p = _ptr[i]; p < _ptr[i + 1]; p++) scores[_neighbors[p]] += w * _similarity[p];
        }
    }

    /// <summary>The stored nearest neighbours of <paramref name="item"/> (at most <see cref="ItemKnnOptions.Neighbors"/>).</summary>
    public Recommendations SimilarItems(int item, int k)
    {
        _ = Train;
        if ((uint)item >= (uint)ItemCount) throw new ArgumentOutOfRangeException(nameof(item), item, $"{Name}: item out of range.");
        var count = Math.Min(k, _ptr[item + 1] - _ptr[item]);
        return new Recommendations(_neighbors.AsSpan(_ptr[item], count).ToArray(), _similarity.AsSpan(_ptr[item], count).ToArray());
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        var file = ModelFile.Create(Name, Options, Train);
        file.Add("neighbor_ptr", _ptr, _ptr.Length);
        file.Add("neighbor_items", _neighbors, _neighbors.Length);
        file.Add("neighbor_similarity", _similarity, _similarity.Length);
        ModelFile.Save(file, path);
    }

    /// <summary>Reads a model written by <see cref="Save"/>; affinities are rebuilt from <paramref name="train"/>.</summary>
    public static ItemKnnRecommender Load(string path, TrainingSet train)
    {
        var file = ModelFile.Open(path, train, "itemknn");
        var model = new ItemKnnRecommender(ModelFile.Options<ItemKnnOptions>(file))
        {
            _ptr = file.GetInt32("neighbor_ptr", out _),
            _neighbors = file.GetInt32("neighbor_items", out _),
            _similarity = file.GetFloat32("neighbor_similarity", out _),
        };
        if (model._ptr.Length != train.ItemCount + 1 || model._ptr[0] != 0 || model._ptr[^1] != model._neighbors.Length || model._similarity.Length != model._neighbors.Length)
            throw new InvalidDataException($"{path}: neighbour lists do not match {train.ItemCount} items.");
        for (var i = 0; i < train.ItemCount; i++)
            if (model._ptr[i + 1] < model._ptr[i])
                throw new InvalidDataException($"{path}: tensor 'neighbor_ptr' decreases at item {i} ({model._ptr[i]} → {model._ptr[i + 1]}); expected non-decreasing offsets.");
        for (var n = 0; n < model._neighbors.Length; n++)
            if ((uint)model._neighbors[n] >= (uint)train.ItemCount)
                throw new InvalidDataException($"{path}: tensor 'neighbor_items' holds item {model._neighbors[n]} at element {n}; expected an item id in [0, {train.ItemCount}).");
        model._affinity = model.BuildAffinity(train);
        model.SupportUsed = model.Options.ResolvedSupport(train.UserItems.Rows - CountEmptyRows(train.UserItems));
        model.AttachTrainingSet(train);
        return model;
    }
}
