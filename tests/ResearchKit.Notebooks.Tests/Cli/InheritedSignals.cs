using System.Runtime.InteropServices;

namespace ResearchKit.Notebooks.Tests.Cli;

/// <summary>
/// A shell that starts a job in the background without job control (<c>cmd &amp;</c> in a script, <c>nohup … &amp;</c>)
/// starts it with SIGINT ignored, and an ignored signal stays ignored across fork and exec: a test host launched that
/// way would start <c>kit</c> deaf to SIGINT, and the runtime (rightly) does not override an inherited SIG_IGN.
/// The interrupt tests restore the default disposition first, so they test kit's handler and not how the suite was
/// launched.
/// </summary>
internal static partial class InheritedSignals
{
    private const int Sigint = 2;

    /// <summary>True when this process was started with SIGINT ignored (<c>SigIgn</c> in /proc/self/status).</summary>
    public static bool SigintIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << (Sigint - 1))) != 0;
    }

    /// <summary>Makes SIGINT's disposition the default again when it was inherited as ignored, so children inherit the default.</summary>
    public static void RestoreSigintDefault()
    {
        if (!SigintIgnored()) return;
        if (Signal(Sigint, IntPtr.Zero) == -1) // SIG_DFL is 0; SIG_ERR is -1
            throw new InvalidOperationException("signal(SIGINT, SIG_DFL) failed; the SIGINT test cannot run in this host.");
        Assert.False(SigintIgnored(), "SIGINT is still ignored after signal(SIGINT, SIG_DFL)");
    }

    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signal, nint handler);
}
