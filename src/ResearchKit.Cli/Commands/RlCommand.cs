using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ResearchKit.Data.Synthetic;
using ResearchKit.Models;
using ResearchKit.Models.Reinforcement.Reinforce;
using ResearchKit.Models.Reinforcement.Sessions;
using ResearchKit.Serialization;
using ResearchKit.Experiments;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit rl [--users N] [--items N] [--base als] [--baselines LIST] [--log-sessions N] [--sessions N] [--candidates N] [--epochs N] [--seed S] [--out FILE]</c>:
/// the reinforcement-learning study (<see cref="PolicyStudy"/>) on the synthetic shop's session simulator. The table
/// goes to stdout, progress to stderr, everything to a JSON file.
/// </summary>
internal static class RlCommand
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Create()
    {
        var users = new Option<int>("--users") { Description = "Users of the synthetic shop.", DefaultValueFactory = _ => 3000 };
        var items = new Option<int>("--items") { Description = "Items of the synthetic shop.", DefaultValueFactory = _ => 1000 };
        var baseModel = new Option<string>("--base") { Description = "Candidate generator and behaviour policy's ranking (a model spec).", DefaultValueFactory = _ => "als" };
        var baselines = new Option<string>("--baselines") { Description = "Policies to beat, each a model spec ranked greedily (cf, deep, bandit).", DefaultValueFactory = _ => "pop,als,ease,ucb(base=als),twotower(epochs=8)" };
        var logSessions = new Option<int>("--log-sessions") { Description = "Sessions logged with the behaviour policy (half train the policy, half test the off-policy estimates).", DefaultValueFactory = _ => 6000 };
        var sessions = new Option<int>("--sessions") { Description = "Sessions each policy plays on-policy.", DefaultValueFactory = _ => 4000 };
        var candidates = new Option<int>("--candidates") { Description = "Candidates per user from the base model, for every ranked and learned policy (at most --items).", DefaultValueFactory = _ => 100 };
        var epochs = new Option<int>("--epochs") { Description = "REINFORCE epochs over the logs.", DefaultValueFactory = _ => 6 };
        var weight = new Option<double>("--score-weight") { Description = "Weight of the base model's standardised score in the learned policy's logits.", DefaultValueFactory = _ => 3.0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the shop, the logs and the simulation.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Where to write the study as JSON.", DefaultValueFactory = _ => Path.Combine("out", "rl.json") };
        var command = new Command("rl", "Learn a slate policy with REINFORCE from simulated logs; compare it on-policy with CF, deep and bandit policies, and check off-policy estimates.")
            { users, items, baseModel, baselines, logSessions, sessions, candidates, epochs, weight, seed, output };
        command.SetAction(parse => CliErrors.Guard("rl", () =>
        {
            var path = AtomicFile.CheckFile(parse.GetValue(output)!);
            var seedValue = parse.GetValue(seed);
            var options = new PolicyStudyOptions
            {
                CandidateScoreWeight = parse.GetValue(weight), Candidates = parse.GetValue(candidates), LogSessions = parse.GetValue(logSessions), EvaluationSessions = parse.GetValue(sessions), Seed = seedValue,
                Reinforce = new ReinforceOptions { Epochs = parse.GetValue(epochs), Seed = seedValue },
            };
            InUserTerms(() => { options.Validate(); return options; });
            var baseSpec = parse.GetValue(baseModel)!;
            var baselineSpecs = ExperimentModel.FromList(parse.GetValue(baselines)!);
            var shopOptions = new SyntheticShopOptions { Users = parse.GetValue(users), Items = parse.GetValue(items), Seed = seedValue };
            Console.Error.WriteLine($"kit: rl: generating the shop ({shopOptions.Users:N0} users, {shopOptions.Items:N0} items)");
            var shop = InUserTerms(() => SyntheticShop.Generate(shopOptions));
            var train = new TrainingSet(shop.Dataset);
            var candidateModel = Fitted(ModelRegistry.Create(baseSpec), train);
            var fitted = baselineSpecs.Select(m => (Fitted(m.Model, train), Family(m.Name))).ToList();
            var progress = new SyncProgress<FitProgress>(p => Console.Error.WriteLine($"kit: rl: {p.Message}"));
            var result = InUserTerms(() => PolicyStudy.Run(shop, candidateModel, fitted, options, progress));
            Write(result);
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            Console.Error.WriteLine($"kit: rl: wrote {path}");
            return 0;
        }));
        return command;
    }

    // The options records name their properties; say them as the command line spells them: "--sessions must be ≥ 2".
    private static readonly (string Property, string Option)[] OptionNames =
        [("EvaluationSessions", "--sessions"), ("LogSessions", "--log-sessions"), ("CandidateScoreWeight", "--score-weight"), ("Candidates", "--candidates"),
         ("Epochs", "--epochs"), ("Users", "--users"), ("Items", "--items")];

    private static T InUserTerms<T>(Func<T> run)
    {
        try { return run(); }
        catch (ArgumentException e)
        {
            var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            if (message.StartsWith(nameof(SyntheticShopOptions) + ".", StringComparison.Ordinal)) message = message[(nameof(SyntheticShopOptions).Length + 1)..];
            foreach (var (property, option) in OptionNames)
                if (message.StartsWith(property + " ", StringComparison.Ordinal))
                    throw new ArgumentException(option + message[property.Length..], e);
            throw;
        }
    }

    private static IRecommender Fitted(IRecommender model, TrainingSet train)
    {
        Console.Error.WriteLine($"kit: rl: fitting {model.Name}");
        model.Fit(train);
        return model;
    }

    /// <summary>The family a registry model belongs to, for the table (fusions report as fusion).</summary>
    private static string Family(string spec) => spec.Split('(')[0] switch
    {
        "pop" or "random" => "baseline",
        "twotower" or "neumf" or "sasrec" => "deep",
        "ucb" => "bandit",
        "blend" or "rrf" or "borda" or "combmnz" or "tuned" or "switch" or "ltr" => "fusion",
        _ => "cf",
    };

    private static void Write(PolicyStudyResult r)
    {
        Console.WriteLine($"On-policy, {r.Policies[0].Sessions:N0} sessions each (behaviour policy of the logs: {r.Behaviour})");
        Console.WriteLine($"{"policy",-34} {"family",-8} {"reward/session [95% CI]",-28} {"cold users",10} {"clicks",7} {"coverage",9} {"diversity",9}");
        foreach (var p in r.Policies)
            Console.WriteLine(string.Create(Inv, $"{p.Policy,-34} {p.Family,-8} {$"{p.MeanReturn:F4} [{p.Lower:F4}, {p.Upper:F4}]",-28} {p.ColdUserReturn,10:F4} {p.ClicksPerSession,7:F3} {p.Coverage,9:F3} {p.SlateDiversity,9:F3}"));
        var q = r.SlateQ;
        Console.WriteLine(string.Create(Inv, $"SlateQ signals ({string.Join(", ", SessionSignals.Names)}): click θ = [{string.Join(", ", q.ClickWeights.Select(v => v.ToString("F3", Inv)))}], future ψ = [{string.Join(", ", q.FutureWeights.Select(v => v.ToString("F3", Inv)))}]"));
        foreach (var check in r.OffPolicy)
        {
            Console.WriteLine();
            Console.WriteLine($"Off-policy estimates of {check.Policy}'s first-slate top reward (held-out logs), against the simulator");
            foreach (var e in check.Estimates.Append(check.OnPolicy))
                Console.WriteLine(string.Create(Inv, $"{e.Estimator,-10} {e.Value:F5} [{e.Lower:F5}, {e.Upper:F5}]  n = {e.Samples:N0}{(e.Estimator == "on-policy" ? "" : e.Covers(check.OnPolicy.Value) ? "  covers" : "  misses")}"));
        }
        if (r.AbTest is { } ab)
        {
            var t = ab.Result;
            Console.WriteLine();
            Console.WriteLine(string.Create(Inv, $"A/B test, {ab.Looks} looks (O'Brien-Fleming, two-sided alpha {ab.Alpha}): {ab.A} (A) vs {ab.B} (B)"));
            Console.WriteLine(string.Create(Inv, $"stopped at look {t.StoppedAtLook} after {t.SessionsPerArm:N0} sessions per arm: B - A = {t.Difference:+0.0000;-0.0000}, z = {t.Z:F2} (boundary {t.Boundary:F2}): {(t.RejectedNull ? "significant" : "not significant")}; minimum detectable effect {ab.MinimumDetectableEffect:F4} at 80% power"));
        }
    }
}
