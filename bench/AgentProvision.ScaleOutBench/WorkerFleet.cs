using System.Diagnostics;

namespace AgentProvision.ScaleOutBench;

/// <summary>
/// N SyncWorker processes on one database and one broker, as N replicas run: each its own process, same settings.
/// A fresh RabbitMQ prefix per fleet, so no message of an earlier round is left in its queues.
/// </summary>
internal sealed class WorkerFleet : IAsyncDisposable
{
    private readonly List<(Process Process, TaskCompletionSource Ready)> workers = [];

    public IEnumerable<int> Pids => workers.Select(w => w.Process.Id);

    public static async Task<WorkerFleet> StartAsync(int count, string workerDll, IReadOnlyDictionary<string, string> settings)
    {
        var fleet = new WorkerFleet();
        for (var i = 0; i < count; i++)
        {
            fleet.Start(workerDll, settings);
        }

        var all = Task.WhenAll(fleet.workers.Select(w => w.Ready.Task));
        if (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(90))) != all)
        {
            throw new TimeoutException($"{count} workers did not start their bus within 90 s");
        }

        await all;
        return fleet;
    }

    private void Start(string workerDll, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{workerDll}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(workerDll)!,
        };
        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start a SyncWorker");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            if (line.Contains("Bus started", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
            else if (line.Contains("fail:", StringComparison.Ordinal) || line.Contains("crit:", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"  worker {process.Id}: {(line.Length > 240 ? line[..240] + " …" : line)}");
            }
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"worker {process.Id} exited with {process.ExitCode}"));
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        workers.Add((process, ready));
    }

    public ValueTask DisposeAsync()
    {
        foreach (var (process, _) in workers)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
