using System.CommandLine;
using ResearchKit.Data.Splitting;
using ResearchKit.Data.Synthetic;
using ResearchKit.Serialization;
using ResearchKit.Experiments;
using ResearchKit.Reports;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit demo [--out DIR]</c>: the quick start. Synthetic shop → stratified 75/25 split → the baselines, every
/// collaborative-filtering model, a deep two-tower model, a UCB exploration model and a rank fusion (those registered)
/// → metrics table → results.json and a standalone HTML report in DIR (default out/demo).
/// </summary>
internal static class DemoCommand
{
    /// <summary>The demo's model specs in display order; those whose model (or component) is not registered are skipped.</summary>
    public static readonly string[] Models =
        ["pop", "random", "itemknn", "als", "bpr", "ease", "twotower(epochs=5)", "ucb(base=ease,alpha=0.25)",
         "rrf(models=ease+itemknn+bpr)", "tuned(models=ease+bpr+itemknn)"];

    private static bool Registered(ModelSpec spec) =>
        ModelRegistry.Available.ContainsKey(spec.Name)
        && spec.Parameters.Values.SelectMany(v => v.Split('+')).Where(v => v.All(char.IsLetter)).All(ModelRegistry.Available.ContainsKey);


    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for results.json and report.html.", DefaultValueFactory = _ => Path.Combine("out", "demo") };
        var seed = new Option<int>("--seed") { Description = "Seed of the synthetic data and the split.", DefaultValueFactory = _ => 42 };
        var users = new Option<int>("--users") { Description = "Users of the synthetic shop.", DefaultValueFactory = _ => new SyntheticShopOptions().Users };
        var items = new Option<int>("--items") { Description = "Items of the synthetic shop.", DefaultValueFactory = _ => new SyntheticShopOptions().Items };
        var command = new Command("demo", "Run the main job on the built-in synthetic shop: models, metrics table, results.json and an HTML report.") { output, seed, users, items };
        command.SetAction(parse => CliErrors.Guard("demo", () =>
        {
            var dir = parse.GetValue(output)!;
            AtomicFile.CheckFolder(dir);   // a bad --out is reported before any model is fitted
            var seedValue = parse.GetValue(seed);
            var shop = SyntheticShop.Generate(new SyntheticShopOptions { Seed = seedValue, Users = parse.GetValue(users), Items = parse.GetValue(items) });
            Console.Error.WriteLine($"kit demo: {shop.Dataset}");
            var split = SplitSpec.Parse("stratified:0.75").Apply(shop.Dataset, seedValue);
            var models = ExperimentModel.FromSpecs(Models.Select(ModelSpec.Parse).Where(Registered));
            var result = ExperimentRunner.Run($"{shop.Dataset.Name} (stratified:0.75)", split, models,
                new ExperimentOptions { Seed = seedValue });
            var json = Path.Combine(dir, "results.json");
            result.Save(json);
            var html = Path.Combine(dir, "report.html");
            HtmlReport.Save(result, html, "ResearchKit demo: synthetic shop");
            Console.Error.WriteLine($"kit demo: wrote {json} and {html}");
            return 0;
        }));
        return command;
    }
}
