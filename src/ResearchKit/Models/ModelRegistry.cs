using ResearchKit.Fusion;
using ResearchKit.Models.Baselines;
using ResearchKit.Models.CollaborativeFiltering;
using ResearchKit.Models.Deep;
using ResearchKit.Models.Reinforcement;

namespace ResearchKit.Models;

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
                p => new TwoTowerRecommender(new TwoTowerOptions
                {
                    Epochs = p.Int("epochs", 20), Dim = p.Int("dim", 64), BatchSize = p.Int("batch", 256),
                    LearningRate = (float)p.Double("lr", 0.02), WeightDecay = (float)p.Double("reg", 0), Seed = p.Int("seed", 42),
                    Temperature = (float)p.Double("temperature", 0.05), LogQCorrection = p.Bool("logq", true),
                    RandomNegatives = p.Int("negatives", 0), Tower = ParseSizes(p.String("tower", "128+64")),
                    FeaturesFromData = p.Bool("features", false), IdDropout = (float)p.Double("iddropout", 0.1),
                    ValidationUsers = p.Int("val", 0), Patience = p.Int("patience", 3), Device = DeviceParameter(p),
                })),
            ["neumf"] = ("Neural matrix factorisation GMF+MLP, BCE with sampled negatives (epochs, dim, batch, lr, reg, seed, negatives, layers=64+32+16, device=cpu|cuda|auto)",
                p => new NeuMfRecommender(new NeuMfOptions
                {
                    Epochs = p.Int("epochs", 20), Dim = p.Int("dim", 16), BatchSize = p.Int("batch", 1024),
                    LearningRate = (float)p.Double("lr", 0.001), WeightDecay = (float)p.Double("reg", 0), Seed = p.Int("seed", 42),
                    Negatives = p.Int("negatives", 4), Layers = ParseSizes(p.String("layers", "64+32+16")), Device = DeviceParameter(p),
                })),
            ["sasrec"] = ("SASRec: causal self-attention over each user's ordered history, next-item BCE with sampled negatives (epochs, dim, heads, blocks, maxlen, dropout, batch, lr, reg, negatives, seed, device=cpu|cuda|auto)",
                p => new SasRecRecommender(new SasRecOptions   // the defaults of SasRecOptions, written as doubles so results.json shows 0.2, not 0.2000000029
                {
                    Epochs = p.Int("epochs", 20), Dim = p.Int("dim", 50), Heads = p.Int("heads", 1), Blocks = p.Int("blocks", 2),
                    MaxLength = p.Int("maxlen", 50), Dropout = (float)p.Double("dropout", 0.2), BatchSize = p.Int("batch", 128),
                    LearningRate = (float)p.Double("lr", 0.001), WeightDecay = (float)p.Double("reg", 0),
                    Negatives = p.Int("negatives", 1), Seed = p.Int("seed", 42), Device = DeviceParameter(p),
                })),
            ["pop"] = ("Most popular items (halflife=days of time decay, 0 = none)",
                p => new PopularityRecommender(new PopularityOptions { HalfLifeDays = p.Double("halflife", 0) })),
            ["random"] = ("Uniform random scores (seed)", p => new RandomRecommender(new RandomOptions { Seed = p.Int("seed", 42) })),
            ["itemknn"] = ("Item-kNN (neighbors, similarity=cosine|jaccard|lift|cooccurrence, halflife days, binary, threads)", CreateItemKnn),
            ["als"] = ("Implicit ALS with CG (factors, iterations, reg, alpha, cg, solver=cg|cholesky, binary, seed, threads)", CreateAls),
            ["bpr"] = ("BPR-MF, Hogwild SGD (factors, iterations, lr, reg, negatives=uniform|popularity, verify, seed, threads)", CreateBpr),
            ["ease"] = ("EASE closed-form item autoencoder (reg, binary, maxitems, threads)", CreateEase),
            ["mf"] = ("Biased MF for ratings, SGD (factors, iterations, lr, reg, seed)", CreateMf),
            ["ucb"] = ("UCB exploration bonus over a base model (base=SPEC, required; alpha=bonus weight c)",
                p => new ExplorationBonusRecommender(p.Member("base", null).Model,
                    new ExplorationBonusOptions { Exploration = p.Double("alpha", 0.5) })),
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
            ["switch"] = ("Switching hybrid: users with < min interactions get cold=SPEC (default pop), others warm=SPEC (required)",
                p => new SwitchingRecommender(p.Member("cold", "pop").Model, p.Member("warm", null).Model,
                    new SwitchingOptions { MinInteractions = p.Int("min", 5) })),
        };

    /// <summary>The <c>device</c> parameter of the TorchSharp models: cpu, cuda or auto (default).</summary>
    private static string DeviceParameter(ModelParameters p)
    {
        var device = p.String("device", "auto").ToLowerInvariant();
        return device is "cpu" or "cuda" or "auto" ? device : throw new ArgumentException($"Parameter 'device' = '{device}': expected cpu, cuda or auto.");
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
        });
    }

    private static AlsRecommender CreateAls(ModelParameters p)
    {
        var d = new AlsOptions();
        return new AlsRecommender(new AlsOptions
        {
            Factors = p.Int("factors", d.Factors), Iterations = p.Int("iterations", d.Iterations),
            Regularization = (float)p.Double("reg", d.Regularization), Alpha = (float)p.Double("alpha", d.Alpha),
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
            LearningRate = (float)p.Double("lr", d.LearningRate), Regularization = (float)p.Double("reg", d.Regularization),
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
            LearningRate = (float)p.Double("lr", d.LearningRate), Regularization = (float)p.Double("reg", d.Regularization),
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
            throw new ArgumentException($"Unknown model '{spec.TypedName}'; known models: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))}.");
        var parameters = new ModelParameters(spec, member => Member(member, pool));
        var model = entry.Create(parameters);
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

    /// <summary>Layer sizes written "128+64" ("" = none).</summary>
    private static int[] ParseSizes(string text) =>
        text.Length == 0 ? [] : text.Split('+').Select(t => int.TryParse(t, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0
            ? v : throw new ArgumentException($"tower sizes must be positive integers joined by '+', e.g. 128+64; got '{text}'.")).ToArray();
}
