using Spectre.Console;

namespace ResearchKit.Cli;

/// <summary>
/// The kit's two consoles. <see cref="Out"/> carries only the result (tables, paths, JSON) so that
/// <c>kit ... | tool</c> gets nothing else; <see cref="Error"/> carries progress, status and notes. Each uses ANSI
/// styling (colour, bold, cursor movement) only when its own stream is a terminal and <c>NO_COLOR</c> is unset or
/// empty (https://no-color.org); otherwise it writes plain text, 240 columns wide so tables are not wrapped in logs.
/// </summary>
internal static class KitConsole
{
    /// <summary>Width used when a stream is a file or pipe (Spectre would assume 80 and wrap every table).</summary>
    public const int RedirectedWidth = 240;

    /// <summary>stdout: results only.</summary>
    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>stderr: progress bars, status lines, notes.</summary>
    public static IAnsiConsole Error { get; } = Create(Console.Error, Console.IsErrorRedirected);

    /// <summary>
    /// Whether a stream gets ANSI styling: only a terminal, and only when <paramref name="noColor"/> (the value of
    /// NO_COLOR) is null or empty — the no-color.org rule, applied to bold as well as colour.
    /// </summary>
    public static bool UseAnsi(bool redirected, string? noColor) => !redirected && string.IsNullOrEmpty(noColor);

    /// <summary>A console writing to <paramref name="writer"/>, styled as <see cref="UseAnsi"/> decides.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var ansi = UseAnsi(redirected, Environment.GetEnvironmentVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = ansi ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ansi ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            // Live progress redraws need a terminal; elsewhere Spectre prints plain progress lines instead.
            Interactive = redirected ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        if (redirected) console.Profile.Width = RedirectedWidth;
        return console;
    }
}
