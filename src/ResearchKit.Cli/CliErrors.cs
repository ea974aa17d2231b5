namespace ResearchKit.Cli;

/// <summary>
/// Turns the errors bad input causes (missing files, malformed CSV, unknown models, bad options) into one clear line on
/// stderr and exit code 2, without a stack trace. Anything else is a bug and propagates.
/// </summary>
internal static class CliErrors
{
    public const int BadInput = 2;

    public static int Guard(string command, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException or KeyNotFoundException or InvalidDataException
                                      or InvalidOperationException or UnauthorizedAccessException or NotSupportedException or DllNotFoundException)
        {
            Console.Error.WriteLine($"kit {command}: {e.Message}");
            return BadInput;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"kit {command}: cancelled.");
            return 130;
        }
    }
}
