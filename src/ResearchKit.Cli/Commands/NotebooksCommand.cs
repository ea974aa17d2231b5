using System.CommandLine;
using ResearchKit.Notebooks.Ipynb;
using ResearchKit.Notebooks.Runner;

namespace ResearchKit.Cli.Commands;

/// <summary>
/// <c>kit notebooks [NB...] [-p name=value]... [--out DIR]</c>: executes notebooks headlessly (like papermill) and
/// writes the executed .ipynb files; exit code 1 when a notebook fails, 2 on bad input.
/// </summary>
internal static class NotebooksCommand
{
    public static Command Create()
    {
        var notebooks = new Argument<string[]>("notebook") { Arity = ArgumentArity.ZeroOrMore, Description = "Notebooks to run (default: every notebooks/*.ipynb)." };
        var parameters = new Option<string[]>("--parameter", "-p") { Description = "Override a parameter of the cell tagged 'parameters', e.g. -p epochs=1 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string?>("--out") { Description = "Folder for executed notebooks (default: out/notebooks under the repository)." };
        var timeout = new Option<double>("--timeout") { Description = "Per-cell timeout in seconds (0 = none).", DefaultValueFactory = _ => 600 };
        var skip = new Option<bool>("--skip-other-languages") { Description = "Skip non-C# cells (noted in the cell metadata) instead of failing." };
        var command = new Command("notebooks", "Execute Polyglot C# notebooks headlessly and write the executed .ipynb files.") { notebooks, parameters, output, timeout, skip };
        command.SetAction(async (result, ct) =>
        {
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
                    OtherLanguages = result.GetValue(skip) ? OtherLanguagePolicy.Skip : OtherLanguagePolicy.Fail,
                };
                Console.WriteLine($"kit notebooks: {Display(path)}" +
                    (forThis.Count > 0 ? $" ({string.Join(", ", forThis.Select(kv => $"{kv.Key}={kv.Value}"))})" : ""));
                try
                {
                    var run = await NotebookRunner.RunAsync(path, options, new ConsoleProgress(), ct).ConfigureAwait(false);
                    if (run.Succeeded)
                        Console.WriteLine($"  ok in {run.TotalSeconds:0.0} s -> {Display(run.OutputPath)}");
                    else
                    {
                        failures++;
                        Console.Error.WriteLine($"kit notebooks: {Path.GetFileName(path)} FAILED at {run.Error}");
                        Console.Error.WriteLine($"  executed notebook (outputs up to the failure): {run.OutputPath}");
                    }
                }
                catch (Exception e) when (e is ArgumentException or NotebookFormatException or FileNotFoundException)
                {
                    Console.Error.WriteLine($"kit notebooks: {e.Message}");
                    return 2;
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
            result[item[..eq].Trim()] = item[(eq + 1)..];
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

    // Synchronous so lines appear in cell order.
    private sealed class ConsoleProgress : IProgress<NotebookProgress>
    {
        public void Report(NotebookProgress p)
        {
            var head = $"  [{p.Cell,2}/{p.CellCount}] {p.CellId}";
            switch (p.Phase)
            {
                case CellPhase.Started: Console.Write(head + " ..."); break;
                case CellPhase.Succeeded: Console.WriteLine($" {p.Elapsed.TotalSeconds:0.00} s"); break;
                case CellPhase.Failed: Console.WriteLine($" FAILED after {p.Elapsed.TotalSeconds:0.00} s"); break;
                case CellPhase.Skipped: Console.WriteLine($"{head} skipped: {p.Message}"); break;
            }
        }
    }
}
