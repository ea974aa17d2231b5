using System.CommandLine;
using ResearchKit.Data.Export;
using ResearchKit.Data.Splitting;
using ResearchKit.Serialization;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit split --data SPEC [--split stratified:0.75] [--seed 42] [--out out/split]</c>: applies a split exactly as
/// <c>kit experiment</c> does (same spec, same seed, same rows) and writes <c>DIR/train.csv</c> and
/// <c>DIR/test.csv</c> (<c>user,item,value,timestamp,kind</c>, original ids). test.csv is a truth file for
/// <c>kit evaluate</c> and train.csv its <c>--train</c>; either can be handed to another tool, whose lists
/// <c>kit evaluate</c> then scores on the kit's split.
/// </summary>
internal static class SplitCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data spec (synthetic[:users=N,...], movielens:PATH, csv:PATH?..., parquet:PATH, ...).", Required = true };
        var split = new Option<string?>("--split") { Description = $"Split spec (default {ExperimentCommand.DefaultSplit}): stratified:R, random:R, temporal:R, leave-last:N, cold-users:F." };
        var seed = new Option<int>("--seed") { Description = "Seed of the split (use the same as kit experiment --seed to get its split).", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Folder for train.csv and test.csv (default out/split).", DefaultValueFactory = _ => Path.Combine("out", "split") };
        var command = new Command("split", "Split a data set as kit experiment does and write train.csv and test.csv (truth for kit evaluate).") { data, split, seed, output };
        command.SetAction(parse => CliErrors.Guard("split", () =>
        {
            var spec = SplitSpec.Parse(parse.GetValue(split) ?? ExperimentCommand.DefaultSplit);
            var dir = parse.GetValue(output)!;
            AtomicFile.CheckFolder(dir);   // before the load: a bad --out must not cost a long load
            var loaded = ExperimentRunner.LoadWithStatus(parse.GetValue(data)!, "data");
            var parts = spec.Apply(loaded, parse.GetValue(seed));
            ExperimentRunner.WriteTestNotes("split", parts);
            foreach (var (file, part) in new[] { ("train.csv", parts.Train), ("test.csv", parts.Test) })
            {
                var path = Path.Combine(dir, file);
                ShopCsv.WriteEvents(part, path);
                Console.WriteLine($"{path}: {part.Interactions.Count:N0} rows");
            }
            Console.Error.WriteLine($"kit split: {spec}: evaluate another tool's lists with " +
                $"kit evaluate --recs RECS.csv --truth {Path.Combine(dir, "test.csv")} --train {Path.Combine(dir, "train.csv")}");
            return 0;
        }));
        return command;
    }
}
