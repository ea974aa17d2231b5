namespace ResearchKit.Notebooks.Kernel;

/// <summary>One output of a cell, shaped like a Jupyter output (nbformat 4).</summary>
public abstract record CellOutput;

/// <summary>Text written to stdout or stderr (<c>output_type: stream</c>).</summary>
/// <param name="Name">"stdout" or "stderr".</param>
/// <param name="Text">The text written, consecutive writes merged.</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>
/// A mime bundle (<c>display_data</c>, or <c>execute_result</c> when <paramref name="IsResult"/>): mime type → text.
/// Mime types that are JSON (<c>application/json</c>, <c>*+json</c>) hold JSON text.
/// </summary>
/// <param name="Data">Mime type → representation, e.g. text/html → "&lt;table&gt;…".</param>
/// <param name="IsResult">True for the value of a cell's last expression.</param>
public sealed record DisplayOutput(IReadOnlyDictionary<string, string> Data, bool IsResult = false) : CellOutput;

/// <summary>An exception or compilation error (<c>output_type: error</c>).</summary>
/// <param name="EName">Error name; "Error" as .NET Interactive writes it.</param>
/// <param name="EValue">The error text.</param>
/// <param name="Traceback">The error text as lines.</param>
public sealed record ErrorOutput(string EName, string EValue, IReadOnlyList<string> Traceback) : CellOutput
{
    /// <summary>An error output as VS Code saves one: ename "Error", the message, and its lines as traceback.</summary>
    public static ErrorOutput FromMessage(string message) =>
        new("Error", message, message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'));
}
