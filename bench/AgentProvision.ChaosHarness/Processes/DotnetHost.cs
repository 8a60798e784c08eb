namespace AgentProvision.ChaosHarness.Processes;

/// <summary>One of our hosts (API, worker, emulator) as a separate <c>dotnet</c> process on a port of its own.</summary>
public sealed class DotnetHost : IDisposable
{
    private readonly ChildProcess process;

    private DotnetHost(string name, ChildProcess process, Uri url)
    {
        Name = name;
        this.process = process;
        Url = url;
    }

    public string Name { get; }

    public Uri Url { get; }

    public bool HasExited => process.HasExited;

    public int? ExitCode => process.ExitCode;

    public string Tail => process.Tail;

    public string LogPath => process.LogPath;

    public static DotnetHost Start(
        string name, string dll, IReadOnlyDictionary<string, string> settings, string logDirectory, Action<string>? onLine = null, Uri? url = null)
    {
        url ??= new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = url.ToString().TrimEnd('/'),
            ["DOTNET_ENVIRONMENT"] = "Chaos",
            ["ASPNETCORE_ENVIRONMENT"] = "Chaos",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        // Run from the build folder: that is the content root, where each host's appsettings.json lives.
        var process = ChildProcess.Start("dotnet", [dll], environment, Path.Combine(logDirectory, $"{name}.log"), Path.GetDirectoryName(dll), onLine);
        return new DotnetHost(name, process, url);
    }

    /// <summary>Waits until <paramref name="path"/> answers 2xx; fails with the host's last lines if it exits or never does.</summary>
    public async Task WaitUntilAnsweringAsync(string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with {process.ExitCode} while starting:\n{process.Tail}");
            }

            try
            {
                using var response = await http.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not answer {path} within {timeout}:\n{process.Tail}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>SIGKILL.</summary>
    public void Kill() => process.Kill();

    public void Dispose() => process.Dispose();
}
