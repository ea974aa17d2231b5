namespace ResearchKit.Cli.Benchmarks;

/// <summary>
/// A named performance benchmark run by <c>kit bench NAME</c>. Implementations are discovered by reflection,
/// so adding a benchmark is adding one file here. Each prints its figures (and the machine facts that matter)
/// as Markdown lines ready to paste into docs/benchmarks.md.
/// </summary>
internal interface IBenchmark
{
    /// <summary>Short name used on the command line (e.g. "als").</summary>
    string Name { get; }

    /// <summary>One line for <c>kit bench --help</c>.</summary>
    string Description { get; }

    /// <summary>Runs the benchmark; <see cref="BenchContext.Quick"/> asks for small sizes (seconds, for smoke tests).</summary>
    void Run(BenchContext context);
}

/// <summary>What a benchmark gets: size mode, seed, where to write its lines.</summary>
/// <param name="Quick">Small sizes (used by tests and for a first look).</param>
/// <param name="Seed">Seed for generated data.</param>
/// <param name="Out">Where the Markdown lines go.</param>
internal sealed record BenchContext(bool Quick, int Seed, TextWriter Out);
