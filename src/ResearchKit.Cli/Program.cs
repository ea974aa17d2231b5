using System.CommandLine;
using ResearchKit.Cli;

// Each subcommand lives in its own file under Commands/; this list is the whole CLI.
var root = new RootCommand("kit: the ResearchKit command line (recommender experiments, notebooks, tests, benchmarks).");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
