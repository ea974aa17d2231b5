using ResearchKit.Evaluation;
using ResearchKit.Models;
using ResearchKit.Notebooks;
using ResearchKit.Experiments;

namespace ResearchKit.Tests.Notebooks;

public sealed class ProgressLineTests
{
    [Fact]
    public void Report_SameStageWithinInterval_OnlyFirstAndLastLines()
    {
        var output = new StringWriter();
        var line = new ProgressLine(output) { Interval = TimeSpan.FromHours(1) };
        for (var step = 1; step <= 20; step++) line.Report(new FitProgress("bpr", step, 20, Message: $"epoch {step}"));
        line.Report(new ExperimentProgress("als", "evaluate", 0.5, 1, 3));
        line.Report(new EvaluationProgress(10, 10));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.EndsWith("bpr: 1/20 · epoch 1", lines[0].TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("bpr: 20/20 · epoch 20", lines[1].TrimEnd(), StringComparison.Ordinal);     // the last step always shows
        Assert.EndsWith("[2/3] als evaluate 50%", lines[2].TrimEnd(), StringComparison.Ordinal);
        Assert.EndsWith("evaluated 10 of 10 users", lines[3].TrimEnd(), StringComparison.Ordinal);
    }
}
