using System.Diagnostics;
using System.Text;

namespace AgentProvision.ChaosHarness.Processes;

/// <summary>
/// A long-running process the harness owns: its output goes to a log file (kept for the post-mortem) and a small
/// in-memory tail (for error messages), and every line can be watched (the emulator's fault lines are counted that way).
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly StreamWriter log;
    private readonly Queue<string> tail = new();
    private readonly Action<string>? onLine;

    private ChildProcess(Process process, string logPath, Action<string>? onLine)
    {
        this.process = process;
        this.onLine = onLine;
        log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        LogPath = logPath;
    }

    public string LogPath { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    public static ChildProcess Start(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath,
        string? workingDirectory = null, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // an inherited terminal stdin would let a child read the harness's keystrokes
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var child = new ChildProcess(process, logPath, onLine);
        process.OutputDataReceived += (_, line) => child.Append(line.Data);
        process.ErrorDataReceived += (_, line) => child.Append(line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {fileName}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public string Tail
    {
        get
        {
            lock (tail)
            {
                return string.Join('\n', tail);
            }
        }
    }

    /// <summary>SIGKILL to the whole tree: no shutdown hooks, in-flight work stays unacknowledged, as a crash does.</summary>
    public void Kill()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }
    }

    /// <summary>SIGTERM (a clean shutdown, as a service manager asks for one), then SIGKILL if it is not gone in time.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        if (process.HasExited)
        {
            return;
        }

        await Command.TryRunAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (tail)
        {
            tail.Enqueue(line);
            while (tail.Count > 60)
            {
                tail.Dequeue();
            }

            log.WriteLine(line);
        }

        onLine?.Invoke(line);
    }

    public void Dispose()
    {
        Kill();
        process.Dispose();
        lock (tail)
        {
            log.Dispose();
        }
    }
}
