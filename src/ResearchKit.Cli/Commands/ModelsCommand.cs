using System.CommandLine;
using ResearchKit.Experiments;

namespace ResearchKit.Cli.Commands;

/// <summary><c>kit models</c>: lists the model names <c>--models</c> accepts.</summary>
internal static class ModelsCommand
{
    public static Command Create()
    {
        var command = new Command("models", "List the models --models accepts, with their parameters.");
        command.SetAction(_ =>
        {
            foreach (var (name, description) in ModelRegistry.Available.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                Console.WriteLine($"  {name,-12} {description}");
            return 0;
        });
        return command;
    }
}
