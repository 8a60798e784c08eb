using AgentProvision.ChaosHarness.Processes;

namespace AgentProvision.ChaosHarness;

/// <summary>
/// The whole system as separate processes the harness owns: its own PostgreSQL and RabbitMQ, the MCP emulator, the
/// API and the workers. It can SIGKILL a worker and restart the broker or the database; a supervisor loop restarts
/// any host that exits on its own (as systemd or Kubernetes would) and counts those exits, so a host that dies of a
/// restart is visible in the report rather than silently ending the run.
/// </summary>
public sealed class SystemUnderChaos : IAsyncDisposable
{
    private const string ConnectorKey = "chaos-connector-key";
    private const string SigningKey = "chaos-only-signing-key-0123456789-abcdefghijklmnop";

    private readonly ChaosOptions options;
    private readonly string logDirectory;
    private readonly string storageRoot;
    private readonly Action<string> log;
    private readonly List<DotnetHost> workers = [];
    private readonly Lock gate = new();
    private readonly CancellationTokenSource stopping = new();
    private Task supervisor = Task.CompletedTask;
    private int workerStarts;

    private SystemUnderChaos(ChaosOptions options, string stateDirectory, Action<string> log)
    {
        this.options = options;
        this.log = log;
        StateDirectory = stateDirectory;
        logDirectory = Path.Combine(stateDirectory, "logs");
        storageRoot = Path.Combine(stateDirectory, "storage");
        Directory.CreateDirectory(logDirectory);
        Directory.CreateDirectory(storageRoot);
    }

    public string StateDirectory { get; }

    public PostgresServer Postgres { get; private set; } = null!;

    public RabbitMqNode RabbitMq { get; private set; } = null!;

    public DotnetHost Emulator { get; private set; } = null!;

    public DotnetHost Api { get; private set; } = null!;

    public FaultCounter Faults { get; } = new();

    /// <summary>Hosts that exited without the harness asking, each restarted by the supervisor: "worker-3 exited with 134".</summary>
    public List<string> UnexpectedExits { get; } = [];

    public string DatabaseConnectionString => new Npgsql.NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { Database = "agentprovision" }.ConnectionString;

    public static async Task<SystemUnderChaos> StartAsync(ChaosOptions options, Action<string> log)
    {
        var stateDirectory = options.StateDirectory ?? throw new ArgumentException("a state directory is needed", nameof(options));
        Directory.CreateDirectory(stateDirectory);
        // The postgres user must reach its data folder below a root-made temporary folder.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(stateDirectory, (UnixFileMode)0b111_101_101);
        }
        var system = new SystemUnderChaos(options, stateDirectory, log);
        try
        {
            await system.StartAllAsync();
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync()
    {
        log($"state and logs in {StateDirectory}");
        // Side by side: on a busy two-core machine RabbitMQ alone takes 20 s or more to start.
        var postgres = PostgresServer.StartAsync(StateDirectory, options.PostgresStopMode);
        var rabbitMq = RabbitMqNode.StartAsync(StateDirectory);
        Emulator = DotnetHost.Start("emulator", RepoLayout.HostDll("McpEmulator", options.Configuration), new Dictionary<string, string>
        {
            ["Emulator:ApiKey"] = ConnectorKey,
            ["Emulator:Seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, logDirectory, Faults.Observe);
        try
        {
            await Task.WhenAll(postgres, rabbitMq);
        }
        finally
        {
            // Whichever did start is stopped by DisposeAsync, also when the other one failed.
            Postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null!;
            RabbitMq = rabbitMq.IsCompletedSuccessfully ? rabbitMq.Result : null!;
        }

        log($"PostgreSQL on port {Postgres.Port}, RabbitMQ node {RabbitMq.NodeName} on port {RabbitMq.Port}");
        await CreateDatabaseAsync();

        // The API migrates the database at start; the workers wait for it before they start.
        Api = StartApi();
        await Api.WaitUntilAnsweringAsync("/health/ready", TimeSpan.FromMinutes(2));
        var workersStarted = Enumerable.Range(0, options.Workers).Select(_ => StartWorker()).ToList();
        await Emulator.WaitUntilAnsweringAsync("/agentprovision/v1/health", TimeSpan.FromMinutes(1));
        foreach (var worker in workersStarted)
        {
            await worker.WaitUntilAnsweringAsync("/health/ready", TimeSpan.FromMinutes(2));
        }

        log($"emulator {Emulator.Url}, API {Api.Url}, {options.Workers} workers");
        supervisor = SuperviseAsync(stopping.Token);
    }

    private async Task CreateDatabaseAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var create = new Npgsql.NpgsqlCommand("CREATE DATABASE agentprovision", connection);
        await create.ExecuteNonQueryAsync();
    }

    private Dictionary<string, string> CommonSettings() => new()
    {
        ["ConnectionStrings:Postgres"] = DatabaseConnectionString,
        ["Mcp:ServerUrl"] = Emulator.Url.ToString().TrimEnd('/'),
        ["Mcp:ApiKey"] = ConnectorKey,
        ["Mcp:SyncDeadline"] = "00:00:10",
        ["Storage:Root"] = storageRoot,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Information",
    };

    /// <param name="url">The address of the API it replaces, so the load's clients find it again.</param>
    private DotnetHost StartApi(Uri? url = null)
    {
        var settings = CommonSettings();
        settings["Jwt:SigningKey"] = SigningKey;
        settings["Database:MigrateOnStartup"] = "true";
        return DotnetHost.Start("api", RepoLayout.HostDll("Api", options.Configuration), settings, logDirectory, url: url);
    }

    /// <summary>
    /// A worker with short timings so faults heal in seconds: an attempt timeout of one second (a hang or a 1.5 s
    /// latency fault is a timeout), quick durable retries, and room for more durable attempts than the default, since
    /// the fault mix fails about one call in five through the load and the drain.
    /// </summary>
    private DotnetHost StartWorker()
    {
        var settings = CommonSettings();
        settings["RabbitMq:Uri"] = RabbitMq.AmqpUri.ToString();
        settings["RabbitMq:Prefix"] = "chaos";
        settings["Mcp:Client:AttemptTimeout"] = "00:00:01";
        settings["Mcp:Client:TotalTimeout"] = "00:00:10";
        settings["Mcp:Client:MaxRetryAttempts"] = "3";
        settings["Mcp:Client:RetryDelay"] = "00:00:00.100";
        settings["Mcp:Client:MaxRetryDelay"] = "00:00:02";
        settings["Mcp:Client:BreakDuration"] = "00:00:01";
        settings["SyncWorker:DispatcherPollInterval"] = "00:00:00.500";
        settings["SyncWorker:ReconcileInterval"] = "00:00:01";
        settings["SyncWorker:BaseBackoff"] = "00:00:00.500";
        settings["SyncWorker:MaxBackoff"] = "00:00:05";
        settings["SyncWorker:MaxSyncAttempts"] = "30";
        settings["SyncWorker:PublishTimeout"] = "00:00:05";
        settings["Runs:Polling:FirstInterval"] = "00:00:00.500";
        settings["Runs:Polling:Tick"] = "00:00:00.250";
        settings["Runs:Polling:FailureBackoff"] = "00:00:02";
        var name = $"worker-{Interlocked.Increment(ref workerStarts)}";
        var worker = DotnetHost.Start(name, RepoLayout.HostDll("SyncWorker", options.Configuration), settings, logDirectory);
        lock (gate)
        {
            workers.Add(worker);
        }

        return worker;
    }

    /// <summary>
    /// SIGKILLs the oldest running worker mid-work and starts a new one in its place, without waiting for it: the
    /// other worker carries on meanwhile, and the replacement joins when it has started, as a restarted pod would.
    /// </summary>
    public string KillAndReplaceWorker()
    {
        DotnetHost victim;
        lock (gate)
        {
            victim = workers.First(w => !w.HasExited);
            workers.Remove(victim);
        }

        victim.Kill();
        victim.Dispose();
        var replacement = StartWorker();
        return $"SIGKILL {victim.Name}, started {replacement.Name}";
    }

    private async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(500, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            List<DotnetHost> exited;
            lock (gate)
            {
                exited = workers.Where(w => w.HasExited).ToList();
                workers.RemoveAll(exited.Contains);
            }

            foreach (var worker in exited)
            {
                Note($"{worker.Name} exited with {worker.ExitCode} on its own (log {worker.LogPath}); restarted");
                worker.Dispose();
                StartWorker();
            }

            if (Api.HasExited)
            {
                Note($"api exited with {Api.ExitCode} on its own (log {Api.LogPath}); restarted");
                Api.Dispose();
                Api = StartApi(Api.Url);
            }
        }
    }

    private void Note(string message)
    {
        lock (UnexpectedExits)
        {
            UnexpectedExits.Add(message);
        }

        log(message);
    }

    public string WorkerTails()
    {
        lock (gate)
        {
            return string.Join("\n---- next worker ----\n", workers.Select(w => $"{w.Name}:\n{w.Tail}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await supervisor;
        lock (gate)
        {
            foreach (var worker in workers)
            {
                worker.Dispose();
            }

            workers.Clear();
        }

        Api?.Dispose();
        Emulator?.Dispose();
        if (RabbitMq is not null)
        {
            await RabbitMq.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        stopping.Dispose();
    }
}
