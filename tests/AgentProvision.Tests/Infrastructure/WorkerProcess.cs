using System.Diagnostics;
using System.Text;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>
/// A real SyncWorker process (the built AgentProvision.SyncWorker.dll), so a test can kill it the hard way
/// (SIGKILL, mid-call) and start another, exactly as a crash and a restart happen in production.
/// </summary>
public sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Action<string>? onLine;

    private WorkerProcess(Process process, Action<string>? onLine)
    {
        this.process = process;
        this.onLine = onLine;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Where the worker serves health and <c>/metrics</c> (the port it picked), once it logged it.</summary>
    public Uri? Url { get; private set; }

    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                var text = output.ToString();
                return text.Length > 8000 ? text[^8000..] : text;
            }
        }
    }

    /// <summary>How many lines of everything the worker printed (up to the last 100–200 KB) contain <paramref name="fragment"/>.</summary>
    public int CountLines(string fragment)
    {
        lock (output)
        {
            return output.ToString().Split('\n').Count(line => line.Contains(fragment, StringComparison.Ordinal));
        }
    }

    /// <param name="onLine">Sees every line the worker prints, for tests that need more than <see cref="RecentOutput"/> keeps.</param>
    public static WorkerProcess Start(IReadOnlyDictionary<string, string> settings, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{WorkerDll()}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the SyncWorker process.");
        var worker = new WorkerProcess(process, onLine);
        process.OutputDataReceived += (_, line) => worker.Append(line.Data);
        process.ErrorDataReceived += (_, line) => worker.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>SIGKILL: no graceful shutdown, in-flight messages stay unacknowledged.</summary>
    public void Kill()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    /// <summary>Waits until the worker logs that it is consuming, so a test does not race its start-up.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The SyncWorker exited with code {process.ExitCode}:\n{RecentOutput}");
            }

            if (RecentOutput.Contains("Bus started", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The SyncWorker did not start its bus within {timeout}:\n{RecentOutput}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        onLine?.Invoke(line);
        const string listening = "Now listening on: ";
        var at = line.IndexOf(listening, StringComparison.Ordinal);
        if (at >= 0 && Url is null)
        {
            Url = new Uri(line[(at + listening.Length)..].Trim());
        }

        lock (output)
        {
            output.AppendLine(line);
            if (output.Length > 200_000)
            {
                output.Remove(0, 100_000);
            }
        }
    }

    /// <summary>The worker built next to this test assembly's configuration (Debug or Release).</summary>
    private static string WorkerDll()
    {
        var testBin = AppContext.BaseDirectory; // …/tests/AgentProvision.Tests/bin/<Configuration>/net10.0/
        var configuration = new DirectoryInfo(testBin.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var root = new DirectoryInfo(testBin);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "AgentProvision.sln")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"AgentProvision.sln not found above {testBin}.");
        }

        var dll = Path.Combine(root.FullName, "src", "SyncWorker", "bin", configuration, "net10.0", "AgentProvision.SyncWorker.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the solution first: {dll} is missing.", dll);
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        process.Dispose();
        return ValueTask.CompletedTask;
    }
}
