using System.CommandLine;
using System.Runtime.Intrinsics.X86;
using ResearchKit.Cli.Benchmarks;

namespace ResearchKit.Cli.Commands;

/// <summary><c>kit bench [NAME...] [--quick]</c>: runs performance benchmarks and prints Markdown figures.</summary>
internal static class BenchCommand
{
    public static IReadOnlyList<IBenchmark> Discover() =>
        typeof(IBenchmark).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IBenchmark).IsAssignableFrom(t))
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

    public static Command Create()
    {
        var all = Discover();
        var names = new Argument<string[]>("name") { Arity = ArgumentArity.ZeroOrMore, Description = "Benchmarks to run (default: all): " + string.Join(", ", all.Select(b => b.Name)) };
        var quick = new Option<bool>("--quick") { Description = "Small sizes: a smoke run in seconds, not figures to record." };
        var seed = new Option<int>("--seed") { Description = "Seed for generated data.", DefaultValueFactory = _ => 42 };
        var command = new Command("bench", "Run performance benchmarks; prints Markdown lines for docs/benchmarks.md.") { names, quick, seed };
        command.SetAction(result =>
        {
            var wanted = result.GetValue(names) ?? [];
            var unknown = wanted.Where(n => all.All(b => b.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                Console.Error.WriteLine($"kit bench: unknown benchmark(s) {string.Join(", ", unknown)}; known: {string.Join(", ", all.Select(b => b.Name))}.");
                return 2;
            }
            var context = new BenchContext(result.GetValue(quick), result.GetValue(seed), Console.Out);
            Console.WriteLine($"<!-- machine: {Environment.ProcessorCount} cores, AVX2={Avx2.IsSupported}, AVX-512F={Avx512F.IsSupported}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd} -->");
            foreach (var b in all.Where(b => wanted.Length == 0 || wanted.Contains(b.Name)))
            {
                Console.WriteLine($"### {b.Name}: {b.Description}");
                b.Run(context);
            }
            return 0;
        });
        return command;
    }
}
