using ResearchKit.Fusion;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Models.Deep;
using ResearchKit.Models.Deep.Torch;
using ResearchKit.Models.Reinforcement;
using ResearchKit.Models.Reinforcement.Reinforce;
using ResearchKit.Models;

namespace ResearchKit.Experiments;

/// <summary>
/// Creates models from <see cref="ModelSpec"/>s (the <c>--models</c> option and notebooks).
/// Shared parameter names wherever they apply: factors, iterations, epochs, dim, batch, lr, reg, alpha, neighbors, seed.
/// </summary>
public static class ModelRegistry
{
    private static readonly Dictionary<string, (string Description, Func<ModelParameters, IRecommender> Create)> Factories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["twotower"] = ("Two-tower retrieval, in-batch sampled softmax with logQ (epochs, dim, batch, lr, reg, seed, temperature, logq, negatives, tower=128+64, val, patience, features=true|false: user and item features built from the training data, iddropout, device=cpu|cuda|auto)",
                OnTorch(p => new TwoTowerRecommender(new TwoTowerOptions
                {
                    Epochs = p.Int("epochs", 20), Dim = p.Int("dim", 64), BatchSize = p.Int("batch", 256),
                    LearningRate = p.Float("lr", 0.02f), WeightDecay = p.Float("reg", 0), Seed = p.Int("seed", 42),
                    Temperature = p.Float("temperature", 0.05f), LogQCorrection = p.Bool("logq", true),
                    RandomNegatives = p.Int("negatives", 0), Tower = ParseSizes(p, "tower", "128+64"),
                    FeaturesFromData = p.Bool("features", false), IdDropout = p.Float("iddropout", 0.1f),
                    ValidationUsers = p.Int("val", 0), Patience = p.Int("patience", 3), Device = DeviceParameter(p),
                }))),
            ["neumf"] = ("Neural matrix factorisation GMF+MLP, BCE with sampled negatives (epochs, dim, batch, lr, reg, seed, negatives, layers=64+32+16, device=cpu|cuda|auto)",
                OnTorch(p => new NeuMfRecommender(new NeuMfOptions
                {
                    Epochs = p.Int("epochs", 20), Dim = p.Int("dim", 16), BatchSize = p.Int("batch", 1024),
                    LearningRate = p.Float("lr", 0.001f), WeightDecay = p.Float("reg", 0), Seed = p.Int("seed", 42),
                    Negatives = p.Int("negatives", 4), Layers = ParseSizes(p, "layers", "64+32+16"), Device = DeviceParameter(p),
                }))),
            ["sasrec"] = ("SASRec: causal self-attention over each user's ordered history, next-item BCE with sampled negatives (epochs, dim, heads, blocks, maxlen, dropout, batch, lr, reg, negatives, seed, device=cpu|cuda|auto)",
                OnTorch(p => new SasRecRecommender(new SasRecOptions
                {
                    Epochs = p.Int("epochs", 20), Dim = p.Int("dim", 50), Heads = p.Int("heads", 1), Blocks = p.Int("blocks", 2),
                    MaxLength = p.Int("maxlen", 50), Dropout = p.Float("dropout", 0.2f), BatchSize = p.Int("batch", 128),
                    LearningRate = p.Float("lr", 0.001f), WeightDecay = p.Float("reg", 0f),
                    Negatives = p.Int("negatives", 1), Seed = p.Int("seed", 42), Device = DeviceParameter(p),
                }))),
            ["pop"] = ("Most popular items (halflife=days of time decay, 0 = none)",
                p => new PopularityRecommender(new PopularityOptions { HalfLifeDays = p.Double("halflife", 0) })),
            ["random"] = ("Uniform random scores (seed)", p => new RandomRecommender(new RandomOptions { Seed = p.Int("seed", 42) })),
            ["itemknn"] = ("Item-kNN (neighbors, similarity=cosine|jaccard|lift|cooccurrence, support=fewest shared users of neighbours (0 = auto: 1; lift 20), halflife days, binary, threads)", CreateItemKnn),
            ["als"] = ("Implicit ALS with CG (factors, iterations, reg, alpha, cg, solver=cg|cholesky, binary, seed, threads)", CreateAls),
            ["bpr"] = ("BPR-MF, Hogwild SGD (factors, iterations, lr, reg, negatives=uniform|popularity, verify, seed, threads)", CreateBpr),
            ["ease"] = ("EASE closed-form item autoencoder (reg, binary, maxitems, threads)", CreateEase),
            ["mf"] = ("Biased MF for ratings, SGD (factors, iterations, lr, reg, seed)", CreateMf),
            ["ucb"] = ("UCB exploration bonus over a base model (base=SPEC, required; alpha=bonus weight c)",
                p => new ExplorationBonusRecommender(p.Member("base", null).Model,
                    new ExplorationBonusOptions { Exploration = p.Double("alpha", 0.5) })),
            ["rl"] = ("REINFORCE with top-K off-policy correction over the user's recent items, trained on the interaction log (epochs=4, dim=32, hidden=64, history=30, lr=0.003, topk=5, cap=10, gamma=0.9, seed, device=cpu|cuda|auto)",
                p =>
                {
                    var d = new ReinforceOptions();
                    return new ReinforceRecommender(new ReinforceOptions
                    {
                        Epochs = p.Int("epochs", d.Epochs), Dim = p.Int("dim", d.Dim), Hidden = p.Int("hidden", d.Hidden),
                        SessionHistory = 0, PriorHistory = p.Int("history", d.HistorySize), LearningRate = (float)p.Double("lr", d.LearningRate),
                        TopK = p.Int("topk", d.TopK), WeightCap = (float)p.Double("cap", d.WeightCap), Gamma = (float)p.Double("gamma", d.Gamma),
                        Seed = p.Int("seed", d.Seed), Device = DeviceParameter(p),
                    });
                }),
            ["blend"] = ("Weighted score blend (models=a+b(...)+..., required; weights=1+1+..., norm=zscore|minmax|rank|none)",
                p => new WeightedBlendRecommender(Components(p),
                    new WeightedBlendOptions { Normalization = EnumParameter(p, "norm", ScoreNormalization.ZScore) })),
            ["rrf"] = ("Reciprocal rank fusion (models=a+b(...)+..., required; weights=..., depth=100, c=60)",
                p => new RankFusionRecommender(Components(p),
                    new RankFusionOptions { Depth = p.Int("depth", 100), RrfConstant = p.Double("c", 60) })),
            ["borda"] = ("Borda-count rank fusion (models=a+b(...)+..., required; weights=..., depth=100)",
                p => new RankFusionRecommender(Components(p),
                    new RankFusionOptions { Method = RankFusionMethod.Borda, Depth = p.Int("depth", 100) })),
            ["combmnz"] = ("CombMNZ score fusion of top lists (models=a+b(...)+..., required; weights=..., depth=100)",
                p => new RankFusionRecommender(Components(p),
                    new RankFusionOptions { Method = RankFusionMethod.CombMnz, Depth = p.Int("depth", 100) })),
            ["tuned"] = ("Blend with weights tuned on a validation split of the training data (models=a+b(...)+..., required; metric=ndcg@10, rounds=2, validation=0.2, seed)",
                p => new TunedBlendRecommender(p.MemberFactories("models"),
                    new TunedBlendOptions
                    {
                        Metric = p.String("metric", "ndcg@10"), Rounds = p.Int("rounds", 2),
                        ValidationFraction = p.Double("validation", 0.2), Seed = p.Int("seed", 42),
                    })),
            ["ltr"] = ("Learned ranker: LambdaMART (ML.NET FastTree) re-ranks the union of the members' top lists, trained on a hold-out of the training data (models=a+b(...)+..., required; depth=50, trees=30, leaves=8, lr=0.1, minleaf=20, validation=0.2, users=2000 ranker training users, features=true, refit=true: serve with members refitted on all data, false: with the tuning-split members, seed)",
                p =>
                {
                    var d = new LearnedRankerOptions();
                    return new LearnedRankerRecommender(p.MemberFactories("models"), new LearnedRankerOptions
                    {
                        Depth = p.Int("depth", d.Depth), Trees = p.Int("trees", d.Trees), Leaves = p.Int("leaves", d.Leaves),
                        LearningRate = p.Double("lr", d.LearningRate), MinLeafRows = p.Int("minleaf", d.MinLeafRows),
                        ValidationFraction = p.Double("validation", d.ValidationFraction), MaxTrainUsers = p.Int("users", d.MaxTrainUsers),
                        UseFeatures = p.Bool("features", d.UseFeatures), RefitMembers = p.Bool("refit", d.RefitMembers), Seed = p.Int("seed", d.Seed),
                    });
                }),
            ["switch"] = ("Switching hybrid: users with < min interactions get cold=SPEC (default pop), others warm=SPEC (required)",
                p => new SwitchingRecommender(p.Member("cold", "pop").Model, p.Member("warm", null).Model,
                    new SwitchingOptions { MinInteractions = p.Int("min", 5) })),
        };

    /// <summary>
    /// A TorchSharp model's factory: loads TorchSharp's natives first, since a deep model's constructor may touch
    /// TorchSharp, whose static initialiser fails for the whole process if LibTorch was not prepared.
    /// </summary>
    private static Func<ModelParameters, IRecommender> OnTorch(Func<ModelParameters, IRecommender> create) => p =>
    {
        TorchRuntime.EnsureLoaded();
        return create(p);
    };

    /// <summary>The <c>device</c> parameter of the TorchSharp models: cpu, cuda or auto (default).</summary>
    private static string DeviceParameter(ModelParameters p)
    {
        var device = p.String("device", "auto").ToLowerInvariant();
        return device is "cpu" or "cuda" or "auto" ? device : throw p.Invalid("device", "cpu, cuda or auto");
    }

    private static T EnumParameter<T>(ModelParameters p, string name, T fallback) where T : struct, System.Enum
    {
        var text = p.String(name, fallback.ToString().ToLowerInvariant());
        if (text == "cg") text = "ConjugateGradient";
        return System.Enum.TryParse<T>(text, ignoreCase: true, out var v) && System.Enum.IsDefined(v) ? v
            : throw p.Invalid(name, $"one of {string.Join(", ", System.Enum.GetNames<T>()).ToLowerInvariant()}");
    }

    private static ItemKnnRecommender CreateItemKnn(ModelParameters p)
    {
        var d = new ItemKnnOptions();
        return new ItemKnnRecommender(new ItemKnnOptions
        {
            Neighbors = p.Int("neighbors", d.Neighbors), Similarity = EnumParameter(p, "similarity", d.Similarity),
            HalfLifeDays = p.Double("halflife", d.HalfLifeDays), Binary = p.Bool("binary", d.Binary), Threads = p.Int("threads", 0),
            Support = p.Int("support", d.Support),
        });
    }

    private static AlsRecommender CreateAls(ModelParameters p)
    {
        var d = new AlsOptions();
        return new AlsRecommender(new AlsOptions
        {
            Factors = p.Int("factors", d.Factors), Iterations = p.Int("iterations", d.Iterations),
            Regularization = p.Float("reg", d.Regularization), Alpha = p.Float("alpha", d.Alpha),
            CgSteps = p.Int("cg", d.CgSteps), Solver = EnumParameter(p, "solver", d.Solver), Binary = p.Bool("binary", d.Binary),
            Seed = p.Int("seed", d.Seed), Threads = p.Int("threads", 0),
        });
    }

    private static BprRecommender CreateBpr(ModelParameters p)
    {
        var d = new BprOptions();
        return new BprRecommender(new BprOptions
        {
            Factors = p.Int("factors", d.Factors), Iterations = p.Int("iterations", d.Iterations),
            LearningRate = p.Float("lr", d.LearningRate), Regularization = p.Float("reg", d.Regularization),
            Negatives = EnumParameter(p, "negatives", d.Negatives), VerifyNegatives = p.Bool("verify", d.VerifyNegatives),
            Seed = p.Int("seed", d.Seed), Threads = p.Int("threads", 0),
        });
    }

    private static EaseRecommender CreateEase(ModelParameters p)
    {
        var d = new EaseOptions();
        return new EaseRecommender(new EaseOptions
        {
            Regularization = p.Double("reg", d.Regularization), Binary = p.Bool("binary", d.Binary),
            MaxItems = p.Int("maxitems", d.MaxItems), Threads = p.Int("threads", 0),
        });
    }

    private static BiasedMfRecommender CreateMf(ModelParameters p)
    {
        var d = new BiasedMfOptions();
        return new BiasedMfRecommender(new BiasedMfOptions
        {
            Factors = p.Int("factors", d.Factors), Iterations = p.Int("iterations", d.Iterations),
            LearningRate = p.Float("lr", d.LearningRate), Regularization = p.Float("reg", d.Regularization),
            Seed = p.Int("seed", d.Seed),
        });
    }

    /// <summary>The registered model names with a one-line description each.</summary>
    public static IReadOnlyDictionary<string, string> Available =>
        Factories.ToDictionary(kv => kv.Key, kv => kv.Value.Description, StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the model a spec names; unknown models and parameters are errors that list the known ones.</summary>
    public static (IRecommender Model, IReadOnlyDictionary<string, string> Parameters) Create(ModelSpec spec)
    {
        var created = Build(spec);
        return (created.Model, created.Parameters);
    }

    /// <summary>
    /// Creates the model a spec names with its canonical key. Members of fusions are fresh instances that the fusion
    /// fits, or, given a <paramref name="pool"/>, <see cref="SharedModel"/> handles on the pool's single fitted copy.
    /// </summary>
    public static CreatedModel Build(ModelSpec spec, ModelPool? pool = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!Factories.TryGetValue(spec.Name, out var entry))
            throw new ArgumentException($"Unknown model '{spec.TypedName}'{NameSuggestions.Hint(spec.Name, Factories.Keys)}; known models: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))}.");
        var parameters = new ModelParameters(spec, member => Member(member, pool));
        IRecommender model;
        try { model = entry.Create(parameters); }
        catch (ArgumentException e) when (!parameters.Raised(e))
        {
            // An options record's Validate names its C# property; say it as the user wrote it: "bpr: lr must be > 0".
            throw OptionErrors.Translate(spec, parameters.Read, e);
        }
        parameters.EnsureAllUsed();
        return new CreatedModel(model, parameters.Resolved, parameters.CanonicalKey());
    }

    private static MemberModel Member(ModelSpec spec, ModelPool? pool)
    {
        var created = Build(spec, pool);
        return pool is null ? new MemberModel(created.Model, created.Key)
            : new MemberModel(new SharedModel(pool, created.Key, created.Model.Name, () => Build(spec, pool).Model), created.Key);
    }

    /// <summary>Component models of a fusion (<c>models=a+b(...)</c>, required) and optional weights <c>1+0.5+2</c> (default all 1).</summary>
    private static FusionComponent[] Components(ModelParameters p)
    {
        var members = p.Members("models");
        var weights = p.String("weights", "");
        var w = weights.Length == 0
            ? Enumerable.Repeat(1.0, members.Count).ToArray()
            : weights.Split('+', StringSplitOptions.TrimEntries).Select(t => double.TryParse(t, System.Globalization.NumberStyles.Float,
                System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
                : throw p.Invalid("weights", "numbers joined by '+', e.g. weights=1+0.5")).ToArray();
        if (w.Length != members.Count)
            throw p.Invalid("weights", $"one weight per member: {members.Count} models ({p.Resolved["models"]}) but {w.Length} weights");
        return members.Select((m, i) => new FusionComponent(m.Model, w[i])).ToArray();
    }

    /// <summary>Parses and creates in one step.</summary>
    public static IRecommender Create(string spec) => Create(ModelSpec.Parse(spec)).Model;

    /// <summary>Layer sizes written "128+64" ("" = none) in parameter <paramref name="name"/>.</summary>
    private static int[] ParseSizes(ModelParameters p, string name, string fallback)
    {
        var text = p.String(name, fallback);
        return text.Length == 0 ? [] : text.Split('+').Select(t => int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw p.Invalid(name, "positive integers joined by '+', e.g. 128+64")).ToArray();
    }
}
