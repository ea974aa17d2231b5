using System.Text.RegularExpressions;

namespace ResearchKit.Notebooks.Engine;

/// <summary>A directive or magic command the runner cannot honour; names the line.</summary>
public sealed class DirectiveException(int line, string message) : Exception(message)
{
    /// <summary>1-based line in the cell.</summary>
    public int Line { get; } = line;
}

/// <summary>
/// Rewrites the Polyglot directives of a C# submission before Roslyn sees it, keeping the line count so that
/// error positions still match the cell: the <c>#!csharp</c> magic line is dropped; <c>#r "path.dll"</c> is
/// resolved against the notebook's folder (VS Code's working directory for a notebook) and checked;
/// <c>#r "nuget:…"</c> and <c>#i</c> package sources are rejected with a clear message, because the runner
/// works offline; any other <c>#!</c> magic command is rejected by name.
/// </summary>
public static partial class Directives
{
    /// <summary>Magic lines that select the C# kernel (accepted and dropped).</summary>
    public static readonly IReadOnlySet<string> CSharpMagics = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "#!csharp", "#!c#", "#!cs" };

    /// <summary>Returns the code Roslyn compiles. Throws <see cref="DirectiveException"/> naming the offending line.</summary>
    public static string Prepare(string code, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(code);
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                var magic = trimmed.Split(' ', 2)[0];
                if (!CSharpMagics.Contains(magic))
                    throw new DirectiveException(i + 1, $"line {i + 1}: magic command '{magic}' is not supported by the headless runner (only C# cells run; '#!csharp' is accepted).");
                lines[i] = "";
                continue;
            }
            if (trimmed.StartsWith("#i ", StringComparison.Ordinal) || trimmed == "#i")
                throw new DirectiveException(i + 1, $"line {i + 1}: '#i' (NuGet package source) is not supported: the headless runner works offline without NuGet.");
            var reference = ReferenceDirective().Match(trimmed);
            if (!reference.Success) continue;
            var target = reference.Groups["path"].Value;
            if (target.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                throw new DirectiveException(i + 1, $"line {i + 1}: #r \"{target}\" is not supported: the headless runner works offline and cannot restore NuGet packages. Reference a built assembly instead, e.g. #r \"../src/ResearchKit/bin/Release/net10.0/ResearchKit.dll\".");
            var full = Path.GetFullPath(Path.IsPathRooted(target) ? target : Path.Combine(baseDirectory, target));
            if (!File.Exists(full))
                throw new DirectiveException(i + 1, $"line {i + 1}: #r \"{target}\": file not found: {full} (relative paths resolve against the notebook folder {baseDirectory}; run ./kit once to build the kit).");
            lines[i] = lines[i][..lines[i].IndexOf("#r", StringComparison.Ordinal)] + "#r \"" + full.Replace("\\", "\\\\", StringComparison.Ordinal) + "\"";
        }
        return string.Join('\n', lines);
    }

    [GeneratedRegex("""^#r\s+"(?<path>[^"]*)"\s*(//.*)?$""")]
    private static partial Regex ReferenceDirective();
}
