using System.CommandLine;
using ResearchKit.Cli.Commands;

namespace ResearchKit.Cli;

/// <summary>The subcommands of <c>kit</c>, in help order.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return TestCommand.Create();
        yield return ModelsCommand.Create();
        yield return DataCommand.Create();
        yield return NotebooksCommand.Create();
        yield return JupyterCommand.Create();
        yield return DemoCommand.Create();
        yield return ExperimentCommand.Create();
        yield return EvaluateCommand.Create();
        yield return SplitCommand.Create();
        yield return FeaturesCommand.Create();
        yield return BenchCommand.Create();
        yield return TorchCommand.Create();
        yield return RlCommand.Create();
    }
}
