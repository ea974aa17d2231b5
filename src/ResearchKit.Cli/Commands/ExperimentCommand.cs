using System.CommandLine;
using ResearchKit.Data.Splitting;
using ResearchKit.Evaluation;
using ResearchKit.Serialization;
using ResearchKit.Experiments;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit experiment --data SPEC [--test SPEC] [--split SPEC] --models LIST [--k 10] [--sampled N] [--seed 42] [--out out/results.json] [--recs-out DIR] [--recs-format csv|parquet]</c>:
/// several models on one split, timed, written as results.json. With <c>--test</c>, <c>--data</c> is the training set and no split is made.
/// </summary>
internal static class ExperimentCommand
{
    public const string DefaultSplit = "stratified:0.75";

    /// <summary>results.json goes under out/ (git-ignored) unless --out says otherwise.</summary>
    public static readonly string DefaultOut = Path.Combine("out", "results.json");

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data spec (synthetic[:users=N,...], movielens:PATH, csv:PATH?..., ...); the training set when --test is given.", Required = true };
        var test = new Option<string?>("--test") { Description = "Test set data spec: evaluate on exactly this split (no --split)." };
        var split = new Option<string?>("--split") { Description = $"Split spec (default {DefaultSplit}): stratified:R, random:R, temporal:R, leave-last:N, cold-users:F." };
        var models = new Option<string>("--models") { Description = "Comma-separated models, e.g. pop,als(factors=64,iterations=15); see 'kit models'.", Required = true };
        var k = new Option<int>("--k") { Description = "Cut-off of the @k metrics.", DefaultValueFactory = _ => 10 };
        var sampled = new Option<int>("--sampled") { Description = "Also rank each held-out item among N sampled items the user never interacted with: hr@k(sampledN), ndcg@k(sampledN) (0 = off; SASRec's protocol uses 100).", DefaultValueFactory = _ => 0 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split (and recorded in results.json).", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = $"Where to write results.json (default {DefaultOut}).", DefaultValueFactory = _ => DefaultOut };
        var recsOut = new Option<string?>("--recs-out") { Description = "Folder for one file per model (user,item,rank,score, original ids; CSV unless --recs-format parquet)." };
        var recsFormat = new Option<string>("--recs-format") { Description = "csv or parquet: the format of the --recs-out files.", DefaultValueFactory = _ => "csv" };
        var command = new Command("experiment", "Fit and evaluate several models on one split; writes results.json.") { data, test, split, models, k, sampled, seed, output, recsOut, recsFormat };
        command.SetAction(parse => CliErrors.Guard("experiment", () =>
        {
            var kValue = parse.GetValue(k);
            if (kValue < 1) throw new ArgumentException($"--k must be ≥ 1, got {kValue}.");
            var sampledValue = parse.GetValue(sampled);
            if (sampledValue < 0) throw new ArgumentException($"--sampled must be ≥ 0 (0 = off), got {sampledValue}.");
            var testSpec = parse.GetValue(test);
            var splitText = parse.GetValue(split);
            if (testSpec is not null && splitText is not null)
                throw new ArgumentException("--split cannot be combined with --test: with --test, --data is the training set and no split is made.");
            var splitSpec = testSpec is null ? SplitSpec.Parse(splitText ?? DefaultSplit) : null;
            var recsFormatValue = parse.GetValue(recsFormat)!.ToLowerInvariant();
            if (recsFormatValue is not ("csv" or "parquet")) throw new ArgumentException($"--recs-format must be csv or parquet, got '{recsFormatValue}'.");
            var modelList = ExperimentModel.FromList(parse.GetValue(models)!);
            var seedValue = parse.GetValue(seed);
            // Outputs are checked before loading or fitting anything: a bad --out must not cost a whole run.
            var path = parse.GetValue(output)!;
            AtomicFile.CheckFile(path);
            if (parse.GetValue(recsOut) is { } recsDir) AtomicFile.CheckFolder(recsDir);

            var loaded = ExperimentRunner.LoadWithStatus(parse.GetValue(data)!, testSpec is null ? "data" : "train");
            DataSplit parts;
            string name;
            if (testSpec is null)
            {
                parts = splitSpec!.Apply(loaded, seedValue);
                name = $"{loaded.Name} ({splitSpec})";
            }
            else
            {
                var testLoaded = ExperimentRunner.LoadWithStatus(testSpec, "test");
                var (train, testSet) = TrainTestAlignment.Align(loaded, testLoaded);
                parts = new DataSplit(train, testSet);
                name = loaded.Name;
            }
            ExperimentRunner.WriteTestNotes("experiment", parts);
            var options = new ExperimentOptions { Seed = seedValue, Evaluation = new EvaluationOptions { K = kValue, SampledCandidates = sampledValue, SampledSeed = seedValue } };
            options.Evaluation.ValidateK(parts.Train.ItemCount);   // before any model is fitted: memory grows with users × k
            var result = ExperimentRunner.Run(name, parts, modelList, options);
            result.Save(path);
            Console.Error.WriteLine($"kit experiment: wrote {path}");
            if (parse.GetValue(recsOut) is { } dir)
                Console.Error.WriteLine($"kit experiment: wrote {result.WriteRecommendations(dir, recsFormatValue).Count} recommendation file(s) to {dir}");
            return 0;
        }));
        return command;
    }
}
