using ResearchKit.Data;
using ResearchKit.Data.Splitting;
using ResearchKit.Models;
using Spectre.Console;
using ResearchKit.Experiments;

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

    public static ExperimentResult Run(string name, DataSplit split, IReadOnlyList<ExperimentModel> models, ExperimentOptions options)
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
                result = Experiment.Run(name, split, models, options, progress);
                foreach (var t in tasks) t.Value = t.MaxValue;
            });
        MetricsTables.Write(MetricsTables.ForExperiment(result!));
        // The paired tests a reader needs: the best model against the runner-up and the best single model (Holm-corrected).
        foreach (var c in BestModelComparisons.Compute(result!, [$"ndcg@{result!.K}"]))
            Console.Error.WriteLine($"kit: {BestModelComparisons.Describe(c)}");
        return result!;
    }

    /// <summary>
    /// Says on stderr which test rows a split removed and why, and how many kept test rows no collaborative model can
    /// hit (users or items without training rows), so that a smaller-than-expected test set is explained.
    /// </summary>
    public static void WriteTestNotes(string command, DataSplit split)
    {
        if (split.DroppedTestRows > 0)
            Console.Error.WriteLine($"kit {command}: the split dropped {split.DroppedTestRows:N0} held-out row(s): {split.DroppedTestReason}.");
        var perUser = split.Train.Interactions.CountPerUser(split.Train.UserCount);
        var perItem = split.Train.Interactions.CountPerItem(split.Train.ItemCount);
        int coldUsers = 0, coldItems = 0;
        var users = split.Test.Interactions.Users; var items = split.Test.Interactions.Items;
        for (var r = 0; r < users.Length; r++)
        {
            if (perUser[users[r]] == 0) coldUsers++;
            if (perItem[items[r]] == 0) coldItems++;
        }
        if (coldUsers > 0 || coldItems > 0)
            Console.Error.WriteLine($"kit {command}: note: of {users.Length:N0} test rows, {coldUsers:N0} are of users and {coldItems:N0} of items with no training row " +
                "(kept and evaluated; collaborative models cannot recommend an item they never saw).");
    }
}
