using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace ResearchKit.Notebooks.Kernel;

/// <summary>How a cell's execution ended.</summary>
public enum CellOutcome
{
    /// <summary>The kernel reported success.</summary>
    Succeeded,

    /// <summary>The kernel reported a failure (compilation error, exception, failed directive).</summary>
    Failed,

    /// <summary>The cell ran past its time limit; the kernel was stopped.</summary>
    TimedOut,

    /// <summary>The kernel process ended while the cell ran (e.g. <c>Environment.Exit</c> or a stack overflow).</summary>
    KernelExited,

    /// <summary>The run was cancelled (e.g. SIGINT); the kernel was stopped.</summary>
    Cancelled,
}

/// <summary>The result of one cell.</summary>
/// <param name="Outputs">Outputs in the order the kernel produced them (updated displays replaced in place).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Duration">Wall time.</param>
/// <param name="Error">The failure's text (null on success).</param>
public sealed record CellExecution(IReadOnlyList<CellOutput> Outputs, CellOutcome Outcome, TimeSpan Duration, string? Error)
{
    /// <summary>True when the kernel reported success.</summary>
    public bool Succeeded => Outcome == CellOutcome.Succeeded;
}

/// <summary>The kernel did not start; the message says why (with the kernel's own error output).</summary>
public sealed class KernelStartException(string message) : Exception(message);

/// <summary>
/// One running .NET Interactive kernel (<see cref="KernelTool"/>) driven over stdio with the kernel's JSON command
/// and event envelopes, one line each — the protocol VS Code's Polyglot Notebooks speaks to the same process. Cells
/// are submitted one at a time (<c>SubmitCode</c>); the events of that command and its sub-commands become the
/// cell's outputs until <c>CommandSucceeded</c> or <c>CommandFailed</c> for it arrives. A cell that runs too long,
/// or a cancelled run, stops the kernel process; so does disposing the session.
/// </summary>
public sealed class KernelSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<JsonObject> _events = Channel.CreateUnbounded<JsonObject>(new() { SingleReader = true });
    private readonly Queue<string> _stderrTail = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private int _submissions;

    private KernelSession(Process process)
    {
        _process = process;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>The C# kernel's language and version as the kernel reports it, e.g. "C# 14.0".</summary>
    public string? Language { get; private set; }

    /// <summary>True while the kernel process runs.</summary>
    public bool IsAlive => !_process.HasExited;

    /// <summary>
    /// Starts the kernel with <paramref name="workingDirectory"/> as its working directory (relative <c>#r</c> paths
    /// resolve against it, as in VS Code) and waits until it reports ready.
    /// </summary>
    public static async Task<KernelSession> StartAsync(KernelTool tool, string workingDirectory, TimeSpan startTimeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tool);
        Process process;
        try
        {
            process = Process.Start(tool.StdioStartInfo(Path.GetFullPath(workingDirectory)))
                ?? throw new KernelStartException("could not start 'dotnet tool run dotnet-interactive'.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KernelStartException($"could not start the .NET Interactive kernel ('dotnet' not on PATH?): {e.Message}");
        }
        var session = new KernelSession(process);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(startTimeout);
        try
        {
            while (await session._events.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
            {
                var e = await session._events.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (e["eventType"]?.GetValue<string>() != "KernelReady") continue;
                session.Language = CSharpLanguage(e);
                await session.WarmUpAsync(timeout.Token).ConfigureAwait(false);
                return session;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw new KernelStartException($"the .NET Interactive kernel did not report ready within {startTimeout.TotalSeconds:0} s.{session.StderrTail()}");
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await session._stderrPump.ConfigureAwait(false);
        var code = session._process.HasExited ? session._process.ExitCode : -1;
        await session.DisposeAsync().ConfigureAwait(false);
        throw new KernelStartException($"the .NET Interactive kernel exited (code {code}) before it was ready "
            + $"(is the tool restored? run 'dotnet tool restore' in {tool.ManifestDirectory}).{session.StderrTail()}");
    }

    /// <summary>
    /// Runs <paramref name="code"/> in the kernel named <paramref name="kernelName"/> ("csharp", "fsharp", …) and
    /// collects its outputs. <paramref name="timeout"/> ≤ 0 means no limit. Values of trailing expressions become
    /// <see cref="DisplayOutput"/>s with <see cref="DisplayOutput.IsResult"/> set.
    /// </summary>
    public async Task<CellExecution> SubmitAsync(string code, string kernelName, TimeSpan timeout, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var clock = Stopwatch.StartNew();
        var outputs = new KernelOutputs();
        if (!IsAlive) return new CellExecution(outputs.Items, CellOutcome.KernelExited, clock.Elapsed, "the kernel is not running.");
        var token = $"rk-{++_submissions}";
        var envelope = new JsonObject
        {
            ["token"] = token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernelName },
        };
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout > TimeSpan.Zero) limit.CancelAfter(timeout);
        try
        {
            await _process.StandardInput.WriteLineAsync(envelope.ToJsonString().AsMemory(), limit.Token).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync(limit.Token).ConfigureAwait(false);
            while (await _events.Reader.WaitToReadAsync(limit.Token).ConfigureAwait(false))
            {
                var e = await _events.Reader.ReadAsync(limit.Token).ConfigureAwait(false);
                var eventToken = e["command"]?["token"]?.GetValue<string>();
                if (eventToken is null || (eventToken != token && !eventToken.StartsWith(token + ".", StringComparison.Ordinal))) continue;
                var type = e["eventType"]?.GetValue<string>();
                if (eventToken == token && type == "CommandSucceeded")
                    return new CellExecution(outputs.Items, CellOutcome.Succeeded, clock.Elapsed, null);
                if (eventToken == token && type == "CommandFailed")
                {
                    var message = e["event"]?["message"]?.GetValue<string>() ?? "the cell failed";
                    outputs.Add(ErrorOutput.FromMessage(message));
                    return new CellExecution(outputs.Items, CellOutcome.Failed, clock.Elapsed, message);
                }
                outputs.Apply(type, e["event"] as JsonObject);
            }
        }
        catch (OperationCanceledException)
        {
            Stop();
            if (ct.IsCancellationRequested)
                return Ended(outputs, CellOutcome.Cancelled, clock, "the run was interrupted while this cell ran; the kernel was stopped.");
            return Ended(outputs, CellOutcome.TimedOut, clock,
                $"the cell ran longer than its {timeout.TotalSeconds:0.#} s limit; the kernel was stopped and the rest of the notebook was not run.");
        }
        catch (IOException)
        {
            // stdin closed: the kernel is gone; fall through to the exit report.
        }
        await Task.WhenAny(_stderrPump, Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None)).ConfigureAwait(false);
        var exit = _process.HasExited ? $" with code {_process.ExitCode}" : "";
        return Ended(outputs, CellOutcome.KernelExited, clock,
            $"the kernel process exited{exit} while this cell ran (for example Environment.Exit or a stack overflow); the rest of the notebook was not run.{StderrTail()}");
    }

    // The C# kernel compiles its first submission several times slower than later ones (Roslyn and the script state
    // load then: seconds, tens of seconds on a loaded machine). One submission that defines nothing is part of the
    // start, so the first cell's time and time limit measure the cell.
    private async Task WarmUpAsync(CancellationToken ct)
    {
        var warm = await SubmitAsync("using System;", "csharp", Timeout.InfiniteTimeSpan, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        if (warm.Outcome != CellOutcome.Succeeded)
            throw new KernelStartException($"the .NET Interactive kernel started but could not run C#: {warm.Error}");
    }

    /// <summary>Stops the kernel process (and its children).</summary>
    public void Stop()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // the kernel already closed its end
        }
        Stop();
        await Task.WhenAny(Task.WhenAll(_stdoutPump, _stderrPump), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        _process.Dispose();
    }

    private static CellExecution Ended(KernelOutputs outputs, CellOutcome outcome, Stopwatch clock, string message)
    {
        outputs.Add(ErrorOutput.FromMessage(message));
        return new CellExecution(outputs.Items, outcome, clock.Elapsed, message);
    }

    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith('{')) continue; // banners and logging are not events
                try
                {
                    if (JsonNode.Parse(line) is JsonObject e) _events.Writer.TryWrite(e);
                }
                catch (JsonException)
                {
                    // a non-JSON line that starts with '{' is kernel logging, not an event
                }
            }
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > 20) _stderrTail.Dequeue();
            }
        }
    }

    private string StderrTail()
    {
        lock (_stderrTail)
            return _stderrTail.Count == 0 ? "" : "\nkernel stderr:\n" + string.Join('\n', _stderrTail);
    }

    private static string? CSharpLanguage(JsonObject ready)
    {
        if (ready["event"]?["kernelInfos"] is not JsonArray infos) return null;
        foreach (var info in infos)
            if (info?["localName"]?.GetValue<string>() == "csharp")
                return $"{info["languageName"]?.GetValue<string>()} {info["languageVersion"]?.GetValue<string>()}".Trim();
        return null;
    }
}
