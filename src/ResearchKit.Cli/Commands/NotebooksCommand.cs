using System.CommandLine;
using System.Runtime.InteropServices;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Kernel;
using ResearchKit.Notebooks.Runner;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit notebooks [NB...] [-p name=value]... [--out DIR]</c>: executes notebooks headlessly on the pinned .NET
/// Interactive kernel (like papermill) and writes the executed .ipynb files. Exit code 1 when a notebook fails (or its
/// kernel cannot start), 2 on bad input, 130/143 when interrupted by SIGINT/SIGTERM (the notebook that was running is
/// written, marked interrupted). Progress goes to stderr; stdout lists the executed notebooks.
/// </summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var notebooks = new Argument<string[]>("notebook") { Arity = ArgumentArity.ZeroOrMore, Description = "Notebooks to run (default: every notebooks/*.ipynb)." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "Override a parameter of the cell tagged 'parameters', e.g. -p epochs=1 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string?>("--out") { Description = "Folder for executed notebooks (default: out/notebooks under the repository)." };
        var timeout = new Option<double>("--timeout") { Description = "Per-cell timeout in seconds (0 = none).", DefaultValueFactory = _ => 600 };
        var command = new Command("notebooks", "Execute Polyglot notebooks headlessly on the .NET Interactive kernel and write the executed .ipynb files.") { notebooks, parameters, output, timeout };
        command.SetAction(async (result, ct) =>
        {
            using var interrupt = new Interrupt(ct);
            string root;
            Dictionary<string, string> overrides;
            List<string> paths;
            try
            {
                root = RepoRoot.Find();
                overrides = ParseParameters(result.GetValue(parameters) ?? []);
                paths = Resolve(result.GetValue(notebooks) ?? [], root);
                if (result.GetValue(timeout) is var t && (t < 0 || double.IsNaN(t)))
                    throw new ArgumentException($"--timeout must be ≥ 0 seconds, got {t}.");
            }
            catch (Exception e) when (e is ArgumentException or FileNotFoundException or InvalidOperationException)
            {
                Console.Error.WriteLine($"kit notebooks: {e.Message}");
                return 2;
            }
            var outDir = Path.GetFullPath(result.GetValue(output) ?? Path.Combine(root, "out", "notebooks"));
            var failures = 0;
            foreach (var path in paths)
            {
                var forThis = ApplicableParameters(path, overrides, paths.Count);
                var options = new NotebookRunOptions
                {
                    OutputDirectory = outDir,
                    Parameters = forThis,
                    CellTimeout = TimeSpan.FromSeconds(result.GetValue(timeout)),
                };
                Console.Error.WriteLine($"kit notebooks: {Display(path)}" +
                    (forThis.Count > 0 ? $" ({string.Join(", ", forThis.Select(kv => $"{kv.Key}={kv.Value}"))})" : ""));
                try
                {
                    var run = await NotebookRunner.RunAsync(path, options, new ConsoleProgress(), interrupt.Token).ConfigureAwait(false);
                    Console.WriteLine(run.OutputPath);
                    if (run.Succeeded)
                        Console.Error.WriteLine($"  ok in {run.TotalSeconds:0.0} s (kernel start {run.KernelStartSeconds:0.0} s) -> {Display(run.OutputPath)}");
                    else
                    {
                        failures++;
                        Console.Error.WriteLine($"kit notebooks: {Path.GetFileName(path)} {NotebookRunResult.Text(run.Status).ToUpperInvariant()} at {run.Error}");
                        Console.Error.WriteLine($"  executed notebook (outputs up to the failure): {run.OutputPath}");
                    }
                }
                catch (Exception e) when (e is ArgumentException or NotebookFormatException or FileNotFoundException)
                {
                    Console.Error.WriteLine($"kit notebooks: {e.Message}");
                    return 2;
                }
                catch (Exception e) when (e is KernelStartException or InvalidOperationException)
                {
                    Console.Error.WriteLine($"kit notebooks: {Path.GetFileName(path)}: {e.Message}");
                    return 1;
                }
                catch (OperationCanceledException) when (interrupt.Token.IsCancellationRequested)
                {
                    // interrupted while the kernel started: nothing ran yet
                }
                if (interrupt.Signal is { } signal)
                {
                    Console.Error.WriteLine($"kit notebooks: interrupted ({signal}); later notebooks were not run.");
                    return signal == PosixSignal.SIGTERM ? 143 : 130;
                }
            }
            return failures == 0 ? 0 : 1;
        });
        return command;
    }

    private static Dictionary<string, string> ParseParameters(string[] items)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw new ArgumentException($"-p expects name=value, got '{item}'.");
            var name = item[..eq].Trim();
            if (!result.TryAdd(name, item[(eq + 1)..]))
                throw new ArgumentException($"-p {name} is given twice ('{result[name]}' and '{item[(eq + 1)..]}'); give each parameter once.");
        }
        return result;
    }

    private static List<string> Resolve(string[] given, string root)
    {
        if (given.Length > 0)
            return given.Select(p => File.Exists(p) ? Path.GetFullPath(p) : throw new FileNotFoundException($"notebook not found: {p}", p)).ToList();
        var folder = Path.Combine(root, "notebooks");
        var all = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToList() : [];
        return all.Count > 0 ? all : throw new ArgumentException($"no notebooks given and none found in {folder}.");
    }

    // With several notebooks, a parameter goes only to those whose parameters cell declares it;
    // with one notebook every parameter must exist (the runner reports unknown names).
    private static Dictionary<string, string> ApplicableParameters(string path, Dictionary<string, string> overrides, int notebookCount)
    {
        if (notebookCount == 1 || overrides.Count == 0) return overrides;
        var cell = IpynbReader.Load(path).Cells.FirstOrDefault(c => c.IsCode && c.Tags.Contains(ParameterInjector.ParametersTag));
        var declared = cell is null ? new Dictionary<string, string>() : ParameterInjector.DeclaredParameters(cell.Source);
        return overrides.Where(kv => declared.ContainsKey(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    private static string Display(string path)
    {
        var relative = Path.GetRelativePath(Directory.GetCurrentDirectory(), path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }

    // Synchronous so lines appear in cell order; on stderr, so piped stdout holds only the executed notebooks' paths.
    private sealed class ConsoleProgress : IProgress<NotebookProgress>
    {
        public void Report(NotebookProgress p)
        {
            var head = $"  [{p.Cell,2}/{p.CellCount}] {p.CellId}";
            switch (p.Phase)
            {
                case CellPhase.KernelStarting: Console.Error.WriteLine("  starting the .NET Interactive kernel ..."); break;
                case CellPhase.Started: Console.Error.Write(head + " ..."); break;
                case CellPhase.Succeeded: Console.Error.WriteLine($" {p.Elapsed.TotalSeconds:0.00} s"); break;
                case CellPhase.Failed: Console.Error.WriteLine($" FAILED after {p.Elapsed.TotalSeconds:0.00} s"); break;
            }
        }
    }

    // SIGINT and SIGTERM cancel the run instead of killing the process, so the runner stops the kernel and writes the
    // executed notebook (marked interrupted) before kit exits.
    private sealed class Interrupt : IDisposable
    {
        private readonly CancellationTokenSource _cts;
        private readonly PosixSignalRegistration[] _registrations;

        public Interrupt(CancellationToken outer)
        {
            _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
            _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle), PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle)];
        }

        public CancellationToken Token => _cts.Token;

        public PosixSignal? Signal { get; private set; }

        public void Dispose()
        {
            foreach (var r in _registrations) r.Dispose();
            _cts.Dispose();
        }

        private void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            Signal ??= context.Signal;
            _cts.Cancel();
        }
    }
}
