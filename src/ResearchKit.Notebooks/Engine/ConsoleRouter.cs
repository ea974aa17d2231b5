using System.Text;

namespace ResearchKit.Notebooks.Engine;

/// <summary>
/// Routes Console.Out/Console.Error to the submission running on the current async flow. Console is
/// process-wide, but several notebooks may run at once (parallel tests), so the target is an
/// <see cref="AsyncLocal{T}"/>: code a cell runs (including its tasks and Parallel.For workers, which inherit
/// the execution context) writes into that cell's outputs; everything else goes to the original console.
/// </summary>
internal static class ConsoleRouter
{
    private static readonly AsyncLocal<OutputCollector?> CurrentCollector = new();
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    /// <summary>The outputs of the submission running on this async flow, if any.</summary>
    public static OutputCollector? Current
    {
        get => CurrentCollector.Value;
        set => CurrentCollector.Value = value;
    }

    /// <summary>Installs the routing writers once per process.</summary>
    public static void Install()
    {
        lock (InstallLock)
        {
            if (_installed) return;
            Console.SetOut(new RoutingWriter("stdout", Console.Out));
            Console.SetError(new RoutingWriter("stderr", Console.Error));
            _installed = true;
        }
    }

    private sealed class RoutingWriter(string stream, TextWriter fallback) : TextWriter
    {
        public override Encoding Encoding => fallback.Encoding;

        public override void Write(char value)
        {
            if (Current is { } c) c.Write(stream, value.ToString());
            else fallback.Write(value);
        }

        public override void Write(string? value)
        {
            if (value is null) return;
            if (Current is { } c) c.Write(stream, value);
            else fallback.Write(value);
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => Write((value ?? "") + "\n");

        public override void WriteLine() => Write("\n");

        public override void Flush()
        {
            if (Current is null) fallback.Flush();
        }
    }
}
