using System.CommandLine;
using ResearchKit.Cli;

// Each subcommand lives in its own file under Commands/; this list is the whole CLI.
var root = new RootCommand("kit: the ResearchKit command line (recommender experiments, notebooks, tests, benchmarks).");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
var parsed = root.Parse(args);
// Bad command lines are bad input: one line per problem on stderr and exit code 2, like every other input error.
if (parsed.Errors.Count > 0)
{
    foreach (var error in parsed.Errors) Console.Error.WriteLine($"kit: {error.Message}");
    Console.Error.WriteLine("kit: see 'kit --help' or 'kit COMMAND --help'.");
    return 2;
}
// Signals keep their default meaning (stop now), except where a command handles them itself (kit notebooks writes
// the executed notebook first); System.CommandLine's own SIGINT handling would race with that.
return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
