using ResearchKit.Data;
using ResearchKit.Evaluation;
using ResearchKit.Models;
using Spectre.Console;

namespace ResearchKit.Cli;

/// <summary>
/// Runs an experiment with Spectre progress bars (one per model: fit, then evaluate) on stderr and prints the table on
/// stdout (see <see cref="KitConsole"/>).
/// </summary>
internal static class ExperimentRunner
{
    public static Dataset LoadWithStatus(string spec, string what)
    {
        Dataset? data = null;
        KitConsole.Error.Status().Start($"Loading {what} {Markup.Escape(spec)} ...", _ => data = DataSpec.Load(spec));
        Console.Error.WriteLine($"kit: {what}: {data}");
        return data!;
    }

    public static ExperimentResult Run(string name, Dataset train, Dataset test, IReadOnlyList<ExperimentModel> models, ExperimentOptions options)
    {
        ExperimentResult? result = null;
        KitConsole.Error.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var tasks = models.Select(m => ctx.AddTask(Markup.Escape(m.Name), maxValue: 2)).ToArray();
                var gate = new Lock();
                var progress = new SyncProgress<ExperimentProgress>(p =>
                {
                    using var held = gate.EnterScope();   // evaluation reports come from worker threads
                    var task = tasks[p.ModelIndex];
                    task.Description = $"{Markup.Escape(p.Model)} [grey]{p.Stage}[/]";
                    // Worker threads report as they finish blocks, so a report can arrive after a later one.
                    task.Value = Math.Max(task.Value, (p.Stage == "fit" ? 0 : 1) + Math.Clamp(p.Fraction, 0, 1));
                });
                result = Experiment.Run(name, train, test, models, options, progress);
                foreach (var t in tasks) t.Value = t.MaxValue;
            });
        MetricsTables.Write(MetricsTables.ForExperiment(result!));
        return result!;
    }
}
