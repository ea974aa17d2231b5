using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace ResearchKit.Notebooks.Engine;

/// <summary>The result of one submission.</summary>
/// <param name="Outputs">Outputs in the order they happened.</param>
/// <param name="Succeeded">False after a compilation error, an exception, a directive error or a timeout.</param>
/// <param name="Duration">Wall time of the submission.</param>
/// <param name="Error">One-line description of the failure (null on success).</param>
public sealed record SubmissionResult(IReadOnlyList<CellOutput> Outputs, bool Succeeded, TimeSpan Duration, string? Error);

/// <summary>
/// A C# kernel on Roslyn scripting: each submission continues the previous one's <see cref="ScriptState"/>
/// (<c>ContinueWithAsync</c>), so variables, types and usings carry over, as between Polyglot notebook cells.
/// Outputs are captured as Jupyter mime bundles: Console writes as streams, <c>display</c>/<c>Display()</c> as
/// display data, the value of a trailing expression as a result, failures as errors naming the submission and line.
/// This class knows nothing about .ipynb files; front ends (the notebook runner, a REPL) feed it code.
/// </summary>
public sealed class CSharpKernel
{
    /// <summary>
    /// Namespaces imported into every submission, as dotnet-interactive's C# kernel does (System.IO is not among them).
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultImports =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private readonly string _baseDirectory;
    private readonly ScriptOptions _options;
    private ScriptState<object>? _state;
    private bool _broken;

    /// <summary>Creates a kernel whose relative <c>#r</c> paths resolve against <paramref name="baseDirectory"/>.</summary>
    /// <param name="baseDirectory">The notebook's folder (default: the current directory).</param>
    /// <param name="additionalReferences">Assembly paths referenced by every submission, besides the shared frameworks.</param>
    public CSharpKernel(string? baseDirectory = null, IEnumerable<string>? additionalReferences = null)
    {
        _baseDirectory = Path.GetFullPath(baseDirectory ?? Directory.GetCurrentDirectory());
        var references = ScriptReferences.SharedFrameworks
            .Concat((additionalReferences ?? []).Select(p => MetadataReference.CreateFromFile(Path.GetFullPath(p))));
        _options = ScriptOptions.Default
            .WithReferences(references)
            .AddReferences(typeof(KernelFunctions).Assembly)
            .WithImports(DefaultImports)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(_baseDirectory))
            .WithSourceResolver(new SourceFileResolver([], _baseDirectory))
            .WithOptimizationLevel(OptimizationLevel.Release)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8);
        ConsoleRouter.Install();
    }

    /// <summary>Number of submissions run so far (successful or not).</summary>
    public int SubmissionCount { get; private set; }

    /// <summary>
    /// Runs <paramref name="code"/> after the previous submissions. <paramref name="label"/> (e.g. "cell 3") names
    /// the submission in error positions and tracebacks. A submission that runs longer than
    /// <paramref name="timeout"/> fails, even if it finished late; after a timeout the kernel is unusable (the cell's
    /// thread cannot be stopped), and later submissions fail at once.
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(string code, string label, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        SubmissionCount++;
        var collector = new OutputCollector();
        var clock = Stopwatch.StartNew();
        if (_broken)
            return Fail(collector, clock, "the kernel stopped after an earlier timeout or cancellation", [$"{label}: not run"]);

        string prepared;
        try
        {
            prepared = Directives.Prepare(code, _baseDirectory);
        }
        catch (DirectiveException e)
        {
            return Fail(collector, clock, $"{label}, {e.Message}", [$"{label}, {e.Message}"]);
        }

        var options = _options.WithFilePath(label);
        var run = Task.Run(() => RunAsync(prepared, options, collector, ct), CancellationToken.None);
        var limit = timeout is { } t && t > TimeSpan.Zero ? t : Timeout.InfiniteTimeSpan;
        var finished = await Task.WhenAny(run, Task.Delay(limit, ct)).ConfigureAwait(false);
        // The delay's timer completes on a pool thread; when the pool is starved (a cell blocking threads on a busy
        // machine) the cell may finish first even though it overran, so the clock decides too.
        var overran = limit != Timeout.InfiniteTimeSpan && clock.Elapsed > limit;
        if (finished != run || overran)
        {
            _broken = true;
            var why = ct.IsCancellationRequested ? "was cancelled" : $"timed out after {limit.TotalSeconds:0.###} s";
            return Fail(collector, clock, $"{label} {why}", [$"{label} {why}"]);
        }
        var failure = await run.ConfigureAwait(false);
        clock.Stop();
        if (failure is null) return new SubmissionResult(collector.Snapshot(), true, clock.Elapsed, null);
        collector.Add(failure);
        return new SubmissionResult(collector.Snapshot(), false, clock.Elapsed, failure.EValue.Split('\n')[0]);
    }

    // A trailing expression without a semicolon is the submission's value, unless it is a void call.
    private static bool HasResultValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.LastOrDefault();
        if (tree?.GetRoot() is not CompilationUnitSyntax root
            || root.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement }
            || !statement.SemicolonToken.IsMissing)
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private static SubmissionResult Fail(OutputCollector collector, Stopwatch clock, string message, IReadOnlyList<string> traceback)
    {
        collector.Add(new ErrorOutput("Error", message, traceback));
        return new SubmissionResult(collector.Snapshot(), false, clock.Elapsed, message);
    }

    // Runs on a pool thread with the collector as the async flow's console target; returns the error output, if any.
    private async Task<ErrorOutput?> RunAsync(string code, ScriptOptions options, OutputCollector collector, CancellationToken ct)
    {
        ConsoleRouter.Current = collector;
        try
        {
            if (_state is null)
            {
                // dotnet-interactive imports its display functions the same way (using static ...Kernel).
                _state = await CSharpScript.RunAsync("using static ResearchKit.Notebooks.Engine.KernelFunctions;", options, cancellationToken: ct).ConfigureAwait(false);
            }
            var next = await _state.ContinueWithAsync(code, options, catchException: _ => true, ct).ConfigureAwait(false);
            _state = next;
            if (next.Exception is { } ex) return RuntimeError(ex, options.FilePath);
            if (HasResultValue(next.Script))
                collector.Add(new DisplayOutput(MimeFormatter.Format(next.ReturnValue)));
            return null;
        }
        catch (CompilationErrorException e)
        {
            var lines = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            return new ErrorOutput("Error", string.Join('\n', lines), lines);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Exceptions thrown while formatting a result, or from the scripting layer itself.
            return RuntimeError(e, options.FilePath);
        }
        finally
        {
            Console.Out.Flush();
        }
    }

    private static ErrorOutput RuntimeError(Exception exception, string label)
    {
        var ex = Unwrap(exception);
        var head = $"{ex.GetType().FullName}: {ex.Message}";
        var traceback = new List<string> { head };
        foreach (var frame in new StackTrace(ex, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            var where = method is null ? "?" : $"{method.DeclaringType?.FullName}.{method.Name}";
            // The debug document is the label resolved against the base directory.
            if (frame.GetFileName() is { } file && Path.GetFileName(file) == label) traceback.Add($"   at {label}, line {frame.GetFileLineNumber()}");
            else if (method?.DeclaringType?.Assembly.IsDynamic == false && !IsScriptPlumbing(method)) traceback.Add($"   at {where}");
        }
        var cellFrame = traceback.Skip(1).FirstOrDefault(l => l.Contains(label, StringComparison.Ordinal));
        var evalue = cellFrame is null ? $"{head} ({label})" : $"{head} ({cellFrame.Trim()[3..]})";
        return new ErrorOutput("Error", evalue, traceback);
    }

    private static bool IsScriptPlumbing(MethodBase method) =>
        method.DeclaringType?.Namespace?.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal) == true
        || method.DeclaringType?.Namespace?.StartsWith("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) == true;

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case TargetInvocationException { InnerException: { } inner }: e = inner; continue;
                case AggregateException { InnerExceptions.Count: 1 } agg: e = agg.InnerExceptions[0]; continue;
                default: return e;
            }
        }
    }
}
