using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;
using ResearchKit.Models;

namespace ResearchKit.Fusion;

/// <summary>Options for <see cref="LearnedRankerRecommender"/>.</summary>
public sealed record LearnedRankerOptions
{
    /// <summary>Items taken from each member's top list as candidates (default 50).</summary>
    public int Depth { get; init; } = 50;
    /// <summary>Share of each user's training interactions held out to train the ranker (default 0.2).</summary>
    public double ValidationFraction { get; init; } = 0.2;
    /// <summary>Most validation users the ranker is trained on, sampled with <see cref="Seed"/> (default 2000).</summary>
    public int MaxTrainUsers { get; init; } = 2000;
    /// <summary>Boosted trees (default 30).</summary>
    public int Trees { get; init; } = 30;
    /// <summary>Leaves per tree (default 8).</summary>
    public int Leaves { get; init; } = 8;
    /// <summary>Shrinkage of each tree (default 0.1).</summary>
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Fewest training rows in a leaf (default 20).</summary>
    public int MinLeafRows { get; init; } = 20;
    /// <summary>Add the user and item feature columns of the Features layer (default true).</summary>
    public bool UseFeatures { get; init; } = true;
    /// <summary>
    /// Serve with the members refitted on all training data (default true), as stacking does: the ranker learned how
    /// to combine the members' scores and ranks, and stronger members give it better candidates. False serves with the
    /// tuning-split members (fitted on 1 − <see cref="ValidationFraction"/> of the data), which lost 0.025 nDCG@10 on
    /// the synthetic shop (docs/algorithms.md).
    /// </summary>
    public bool RefitMembers { get; init; } = true;
    /// <summary>Seed of the hold-out split, the user sample and ML.NET (default 42).</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad option.</summary>
    public void Validate()
    {
        if (Depth < 1) throw new ArgumentException($"{nameof(Depth)} must be ≥ 1, got {Depth}.");
        if (!(ValidationFraction is > 0 and < 1)) throw new ArgumentException($"{nameof(ValidationFraction)} must be in (0, 1), got {ValidationFraction}.");
        if (MaxTrainUsers < 1) throw new ArgumentException($"{nameof(MaxTrainUsers)} must be ≥ 1, got {MaxTrainUsers}.");
        if (Trees < 1) throw new ArgumentException($"{nameof(Trees)} must be ≥ 1, got {Trees}.");
        if (Leaves < 2) throw new ArgumentException($"{nameof(Leaves)} must be ≥ 2, got {Leaves}.");
        if (!(LearningRate > 0)) throw new ArgumentException($"{nameof(LearningRate)} must be > 0, got {LearningRate}.");
        if (MinLeafRows < 1) throw new ArgumentException($"{nameof(MinLeafRows)} must be ≥ 1, got {MinLeafRows}.");
    }
}

/// <summary>
/// A learned-ranker fusion (stacking with LambdaMART; Burges 2010, "From RankNet to LambdaRank to LambdaMART"): the
/// candidates of user u are the union of the members' top lists, each described by <see cref="RankerFeatures"/>
/// (member scores and ranks, popularity, user and item features), and a LambdaMART tree ensemble trained with ML.NET's
/// FastTree ranking trainer re-ranks them. No test data is used: <c>Fit</c> holds out part of each user's training
/// interactions (<see cref="TrainingSet.Holdout"/>), fits the members on the rest, labels each validation user's
/// candidates by whether they were held out, trains the ranker on those groups, then serves with the members fitted on
/// all training data. Items outside every member's list score below every candidate.
/// </summary>
public sealed class LearnedRankerRecommender : RecommenderBase, IPersistentRecommender
{
    private readonly Func<IRecommender>[] _factories;
    private IRecommender[] _members = [];
    private RankerFeatures? _features;
    private TreeEnsemble? _trees;

    /// <summary>Creates the ranker; each factory makes an unfitted member (called twice: tuning split, then all data).</summary>
    public LearnedRankerRecommender(IReadOnlyList<Func<IRecommender>> memberFactories, LearnedRankerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(memberFactories);
        if (memberFactories.Count == 0) throw new ArgumentException("ltr: at least one member model is required.", nameof(memberFactories));
        _factories = memberFactories.ToArray();
        Options = options ?? new LearnedRankerOptions();
        Options.Validate();
        Name = $"ltr({string.Join("+", _factories.Select(f => f().Name))})";
    }

    /// <summary>The options.</summary>
    public LearnedRankerOptions Options { get; }

    /// <inheritdoc />
    public override string Name { get; }

    /// <summary>Ranker training rows and groups of the last fit (groups = validation users with a held-out candidate).</summary>
    public (int Rows, int Groups) TrainingSize { get; private set; }

    /// <inheritdoc />
    protected override void FitCore(TrainingSet train, IProgress<FitProgress>? progress, CancellationToken ct)
    {
        var (inner, validation) = train.Holdout(Options.ValidationFraction, Options.Seed);
        var innerMembers = _factories.Select(f => f()).ToArray();
        foreach (var m in innerMembers) { ct.ThrowIfCancellationRequested(); m.Fit(inner, null, ct); }
        progress?.Report(new FitProgress(Name, 1, 4, Message: "members fitted on the tuning split"));

        var features = new RankerFeatures(innerMembers, inner, Options.Depth, Options.UseFeatures, null, null, ct);
        var rows = TrainingRows(features, validation, inner.UserCount, ct);
        progress?.Report(new FitProgress(Name, 2, 4, Message: $"{TrainingSize.Rows} candidate rows in {TrainingSize.Groups} groups"));
        if (TrainingSize.Groups == 0)
            throw new InvalidOperationException($"{Name}: no validation user has a held-out item among the members' top {Options.Depth}; raise depth.");
        _trees = TrainRanker(rows, features.Count, TrainingSize.Groups);
        progress?.Report(new FitProgress(Name, 3, 4, Message: $"LambdaMART: {_trees.Trees} trees"));

        if (Options.RefitMembers)
        {
            _members = _factories.Select(f => f()).ToArray();
            foreach (var m in _members) { ct.ThrowIfCancellationRequested(); m.Fit(train, null, ct); }
        }
        else _members = innerMembers;
        // Served on the full training set: its seen items are excluded and its histories and features describe users.
        _features = new RankerFeatures(_members, train, Options.Depth, Options.UseFeatures, features.UserColumns, features.ItemColumns, ct);
        progress?.Report(new FitProgress(Name, 4, 4, Message: Options.RefitMembers ? "members refitted on all training data" : "serving with the tuning-split members"));
    }

    private List<RankRow> TrainingRows(RankerFeatures features, Data.Dataset validation, int users, CancellationToken ct)
    {
        // Held-out items per user; users sampled without replacement in a seeded order.
        var held = new HashSet<int>[users];
        var log = validation.Interactions;
        for (var r = 0; r < log.Count; r++) (held[log.Users[r]] ??= []).Add(log.Items[r]);
        var order = Enumerable.Range(0, users).Where(u => held[u] is not null).ToArray();
        var rng = new Random(Options.Seed);
        rng.Shuffle(order);
        var rows = new List<RankRow>();
        var shuffle = new int[_factories.Length * Options.Depth];
        uint group = 0;
        foreach (var u in order.Take(Options.MaxTrainUsers).Order())
        {
            ct.ThrowIfCancellationRequested();
            var w = features.Build(u);
            var positives = 0;
            foreach (var item in w.Candidates) if (held[u].Contains(item)) positives++;
            if (positives == 0) continue;   // no gradient from a group without a relevant item
            group++;
            // LambdaMART starts with every score 0 and ML.NET breaks those ties by row order, so the first trees take
            // the rows' order as the current ranking. In the members' rank order that ranking puts each user's top
            // items first; most of them are not held out, their lambdas push them down, and the first tree learned
            // "rank ≤ 3.5 → −0.066" (the reverse of the rank feature's signal; ltr then lost 0.045 nDCG@10 to its own
            // member). A seeded shuffle within each group makes the initial ranking uninformative.
            var permutation = shuffle.AsSpan(0, w.Candidates.Count);
            for (var c = 0; c < permutation.Length; c++) permutation[c] = c;
            rng.Shuffle(permutation);
            foreach (var c in permutation)
                rows.Add(new RankRow { Label = held[u].Contains(w.Candidates[c]) ? 1f : 0f, GroupId = group, Features = w.Rows.AsSpan(c * features.Count, features.Count).ToArray() });
        }
        TrainingSize = (rows.Count, (int)group);
        return rows;
    }

    private TreeEnsemble TrainRanker(List<RankRow> rows, int featureCount, int groups)
    {
        var ml = new MLContext(Options.Seed);
        // The group column is declared as a key over exactly 1..groups here, not derived with MapValueToKey: a key
        // mapping fitted on one split leaves another split's groups missing, and ML.NET then reports NDCG 1.0.
        var schema = SchemaDefinition.Create(typeof(RankRow));
        schema[nameof(RankRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, featureCount);
        schema[nameof(RankRow.GroupId)].ColumnType = new KeyDataViewType(typeof(uint), groups);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var trainer = ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
        {
            LabelColumnName = nameof(RankRow.Label), FeatureColumnName = nameof(RankRow.Features), RowGroupColumnName = nameof(RankRow.GroupId),
            NumberOfTrees = Options.Trees, NumberOfLeaves = Options.Leaves, LearningRate = Options.LearningRate,
            MinimumExampleCountPerLeaf = Options.MinLeafRows, NumberOfThreads = 1,   // one thread: the same trees for a seed on any machine
        });
        return TreeEnsemble.From(trainer.Fit(data).Model.TrainedTreeEnsemble);
    }

    private const double TieBreak = 1e-3;

    /// <inheritdoc />
    protected override void ScoreCore(int user, Span<float> scores)
    {
        var w = _features!.Build(user);
        var f = _features.Count;
        var floor = float.MaxValue;
        var members = _members.Length;
        for (var c = 0; c < w.Candidates.Count; c++)
        {
            var x = w.Rows.AsSpan(c * f, f);
            // Tree scores are piecewise constant, so many candidates tie; the members' mean reciprocal rank (feature
            // 3m + 2) breaks ties below any difference the trees make.
            double reciprocal = 0;
            for (var m = 0; m < members; m++) reciprocal += x[(3 * m) + 2];
            var s = (float)(_trees!.Score(x) + (TieBreak * reciprocal / members));
            w.Scores[w.Candidates[c]] = s;   // the first member's slot is free to reuse once the rows are built
            floor = Math.Min(floor, s);
        }
        scores.Fill(w.Candidates.Count == 0 ? 0f : floor - 1f);
        foreach (var item in w.Candidates) scores[item] = w.Scores[item];
    }

    /// <inheritdoc />
    public void Save(string path)
    {
        var file = ModelFile.Create("ltr", Options, Train);
        file.Metadata["members"] = string.Join("+", _members.Select(m => m.Name));
        file.Metadata["user_columns"] = JsonSerializer.Serialize(_features!.UserColumns);
        file.Metadata["item_columns"] = JsonSerializer.Serialize(_features.ItemColumns);
        _trees!.Save(file, "ranker.");
        ModelFile.Save(file, path);
    }

    /// <summary>
    /// Reads a ranker written by <see cref="Save"/>. The members are not stored in the file: pass them fitted on
    /// <paramref name="train"/>, in the saved order (their names are checked).
    /// </summary>
    public static LearnedRankerRecommender Load(string path, TrainingSet train, IReadOnlyList<IRecommender> fittedMembers)
    {
        ArgumentNullException.ThrowIfNull(fittedMembers);
        var file = ModelFile.Open(path, train, "ltr");
        var names = string.Join("+", fittedMembers.Select(m => m.Name));
        if (names != file.Metadata["members"])
            throw new InvalidDataException($"{path}: the ranker was trained on members {file.Metadata["members"]}, given {names}.");
        var model = new LearnedRankerRecommender(fittedMembers.Select(m => (Func<IRecommender>)(() => m)).ToArray(), ModelFile.Options<LearnedRankerOptions>(file));
        model._members = fittedMembers.ToArray();
        var userColumns = JsonSerializer.Deserialize<string[]>(file.Metadata["user_columns"]) ?? [];
        var itemColumns = JsonSerializer.Deserialize<string[]>(file.Metadata["item_columns"]) ?? [];
        model._features = new RankerFeatures(model._members, train, model.Options.Depth, model.Options.UseFeatures, userColumns, itemColumns, default);
        model._trees = TreeEnsemble.Load(file, "ranker.", model._features.Count);
        model.AttachTrainingSet(train);
        return model;
    }
}

/// <summary>One candidate row of the ranker's training data, in ML.NET's row form.</summary>
internal sealed class RankRow
{
    public float Label { get; set; }
    public uint GroupId { get; set; }
    public float[] Features { get; set; } = [];
}
