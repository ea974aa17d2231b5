using System.Globalization;
using ResearchKit.Evaluation;
using ResearchKit.Models;
using ResearchKit.Experiments;

namespace ResearchKit.Notebooks;

/// <summary>
/// Progress for notebook cells: one short line on standard output (which a notebook shows under the running cell)
/// each time a model or stage starts, and then at most every <see cref="Interval"/> and at 100% (never the same line
/// twice in a row), so a long fit
/// or experiment shows where it is without flooding the output. Pass it as the <c>progress</c> argument of
/// <c>Fit</c>, <c>Evaluator.Evaluate</c> or <c>Experiment.Run</c>.
/// </summary>
public sealed class ProgressLine : IProgress<FitProgress>, IProgress<ExperimentProgress>, IProgress<EvaluationProgress>
{
    private readonly TextWriter _out;
    private readonly Lock _lock = new();
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private string _lastKey = "";
    private string _lastLine = "";
    private TimeSpan _lastTime = TimeSpan.MinValue;

    /// <summary>Writes to <paramref name="output"/> (default: the console, i.e. the cell's output).</summary>
    public ProgressLine(TextWriter? output = null) => _out = output ?? Console.Out;

    /// <summary>Least time between two lines of the same model and stage (default 2 s).</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public void Report(FitProgress value) =>
        Write(value.Model + " fit", value.Step >= value.TotalSteps,
            string.Create(CultureInfo.InvariantCulture, $"{value.Model}: {value.Step}/{value.TotalSteps}{(value.Message is null ? "" : " · " + value.Message)}"));

    /// <inheritdoc />
    public void Report(ExperimentProgress value) =>
        Write(value.Model + " " + value.Stage, value.Fraction >= 1,
            string.Create(CultureInfo.InvariantCulture, $"[{value.ModelIndex + 1}/{value.ModelCount}] {value.Model} {value.Stage} {value.Fraction * 100:F0}%"));

    /// <inheritdoc />
    public void Report(EvaluationProgress value) =>
        Write("evaluate", value.Done >= value.Total,
            string.Create(CultureInfo.InvariantCulture, $"evaluated {value.Done:N0} of {value.Total:N0} users"));

    private void Write(string key, bool done, string line)
    {
        lock (_lock)
        {
            var now = _clock.Elapsed;
            if (line == _lastLine || (key == _lastKey && !done && now - _lastTime < Interval)) return;   // repeats say nothing new
            _lastKey = key; _lastLine = line; _lastTime = now;
            _out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{now.TotalSeconds,6:F1} s  {line}"));
        }
    }
}
