using System.CommandLine;
using ResearchKit.Data;
using ResearchKit.Data.Splitting;
using ResearchKit.Features;
using ResearchKit.Serialization;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit features --data SPEC [--split SPEC] [--seed 42] [--out out/features] [--format csv|parquet]</c>: builds the user and
/// item feature matrices (fitted on the training part of the split, or on all the data without <c>--split</c>) and
/// writes <c>DIR/user_features.EXT</c> and <c>DIR/item_features.EXT</c> with the data set's original ids.
/// </summary>
internal static class FeaturesCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Data spec (synthetic[:users=N,...], movielens:PATH, csv:PATH?..., parquet:PATH, ...).", Required = true };
        var split = new Option<string?>("--split") { Description = "Split spec (e.g. temporal:0.8): features are fitted on its training part only. Default: all the data." };
        var seed = new Option<int>("--seed") { Description = "Seed of the split.", DefaultValueFactory = _ => 42 };
        var output = new Option<string>("--out") { Description = "Output folder (default out/features).", DefaultValueFactory = _ => Path.Combine("out", "features") };
        var format = new Option<string>("--format") { Description = "csv or parquet.", DefaultValueFactory = _ => "csv" };
        var command = new Command("features", "Build user and item feature matrices from the training data and write them as CSV or Parquet.") { data, split, seed, output, format };
        command.SetAction(parse => CliErrors.Guard("features", () =>
        {
            var ext = parse.GetValue(format)!.ToLowerInvariant();
            if (ext is not ("csv" or "parquet")) throw new ArgumentException($"--format must be csv or parquet, got '{parse.GetValue(format)}'.");
            var splitText = parse.GetValue(split);
            var splitSpec = splitText is null ? null : SplitSpec.Parse(splitText);
            var dir = parse.GetValue(output)!;
            AtomicFile.CheckFolder(dir);
            var loaded = DataSpec.Load(parse.GetValue(data)!);
            var train = splitSpec is null ? loaded : splitSpec.Apply(loaded, parse.GetValue(seed)).Train;
            Console.Error.WriteLine($"kit features: {loaded}; fitting on {train.Interactions.Count:N0} training rows");
            foreach (var (name, set) in new[] { ("user_features", UserFeatures.Build(train)), ("item_features", ItemFeatures.Build(train)) })
            {
                var path = Path.Combine(dir, $"{name}.{ext}");
                if (ext == "csv") set.WriteCsv(path); else set.WriteParquet(path);
                Console.WriteLine($"{path}: {set.Rows:N0} rows × {set.ColumnCount} columns");
            }
            return 0;
        }));
        return command;
    }
}
