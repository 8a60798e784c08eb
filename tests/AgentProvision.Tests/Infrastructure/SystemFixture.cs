using AgentProvision.McpEmulator;
using AgentProvision.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>
/// The whole system on real parts: a fresh PostgreSQL database, RabbitMQ, the MCP emulator over HTTP, the API
/// and one SyncWorker process. RabbitMQ and the emulator are reached through <see cref="TcpProxy"/>s, so a test
/// can take either away and bring it back.
/// </summary>
public sealed class SystemFixture : IAsyncLifetime
{
    public const string SigningKey = "test-only-signing-key-0123456789-abcdefghijklmnop";
    public const string Issuer = "agentprovision";
    public const string Audience = "agentprovision-api";
    private const string ConnectorApiKey = "test-connector-key";

    private readonly List<WorkerProcess> workers = [];
    private readonly List<string> scratchDatabases = [];
    private string serverConnectionString = "";
    private string databaseName = "";
    private WebApplication? emulator;
    private Uri rabbitMqUri = null!;
    private HttpClient? emulatorHttp;

    public string DatabaseConnectionString { get; private set; } = "";
    public TcpProxy BrokerProxy { get; private set; } = null!;
    public TcpProxy ConnectorProxy { get; private set; } = null!;
    public ApiFactory Api { get; private set; } = null!;
    public EmulatorAdmin Emulator { get; private set; } = null!;

    /// <summary>The emulator's own address (not through the proxy) and its API key, for tests that call the contract directly.</summary>
    public Uri EmulatorUri { get; private set; } = null!;
    public string ConnectorKey => ConnectorApiKey;
    public string RabbitPrefix { get; } = $"test-{Guid.NewGuid():N}"[..17];

    /// <summary>Dataset storage shared by the API and the workers, as a volume would be; removed with the fixture.</summary>
    public string StorageRoot { get; } = Path.Combine(Path.GetTempPath(), $"ap-test-storage-{Guid.NewGuid():N}");

    public async Task InitializeAsync()
    {
        serverConnectionString = await TestEnvironment.PostgresAsync();
        databaseName = $"ap_test_{Guid.NewGuid():N}"[..20];
        DatabaseConnectionString = await CreateMigratedDatabaseAsync(databaseName);

        emulator = EmulatorHost.Build([], new Dictionary<string, string?>
        {
            ["Emulator:ApiKey"] = ConnectorApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        emulator.Urls.Add("http://127.0.0.1:0");
        await emulator.StartAsync();
        var emulatorUri = EmulatorUri = new Uri(emulator.Urls.First());
        emulatorHttp = new HttpClient { BaseAddress = emulatorUri };
        emulatorHttp.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ConnectorApiKey);
        Emulator = new EmulatorAdmin(emulatorHttp);
        ConnectorProxy = new TcpProxy(emulatorUri.Host, emulatorUri.Port);

        rabbitMqUri = new Uri(await TestEnvironment.RabbitMqAsync());
        BrokerProxy = new TcpProxy(rabbitMqUri.Host, rabbitMqUri.Port);

        Api = new ApiFactory(ApiSettings());
        _ = Api.Server; // start the API host now, not inside the first test

        await StartWorkerAsync();
    }

    /// <summary>Settings of the fixture's API; a test that needs another API configuration overrides some of them.</summary>
    public Dictionary<string, string> ApiSettings(params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Postgres"] = DatabaseConnectionString,
            ["Jwt:SigningKey"] = SigningKey,
            ["Mcp:SyncDeadline"] = "00:00:10",
            ["Database:MigrateOnStartup"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Notebooks:MaxContentBytes"] = "4096",
            ["Mcp:ServerUrl"] = $"http://127.0.0.1:{ConnectorProxy.Port}",
            ["Mcp:ApiKey"] = ConnectorApiKey,
            ["Mcp:StatusTimeout"] = "00:00:02",
            ["Mcp:Client:AttemptTimeout"] = "00:00:01",
            ["Mcp:Client:MaxRetryAttempts"] = "1",
            ["Mcp:Client:RetryDelay"] = "00:00:00.050",
            ["Storage:Root"] = StorageRoot,
            ["Datasets:Ingest:MaxBytes"] = "1048576",
            ["Datasets:Ingest:MaxColumns"] = "50",
            ["Datasets:Ingest:MaxFieldChars"] = "1000",
            ["Datasets:Ingest:TypeSampleRows"] = "100",
            ["Datasets:Ingest:RowGroupRows"] = "1000",
            // Every test client comes from the same (absent) address: the spraying limit would let one test's failed
            // logins throttle another's. LoginThrottleTests checks it with an API and addresses of its own.
            ["Auth:LoginThrottle:MaxFailuresPerAddress"] = "100000",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Settings of every worker this fixture starts: the real parts, and short timings so faults heal in seconds.</summary>
    public Dictionary<string, string> WorkerSettings() => new()
    {
        ["ConnectionStrings:Postgres"] = DatabaseConnectionString,
        ["RabbitMq:Uri"] = new UriBuilder(rabbitMqUri) { Host = "127.0.0.1", Port = BrokerProxy.Port }.Uri.ToString(),
        ["RabbitMq:Prefix"] = RabbitPrefix,
        ["Mcp:ServerUrl"] = $"http://127.0.0.1:{ConnectorProxy.Port}",
        ["Mcp:ApiKey"] = ConnectorApiKey,
        ["Mcp:SyncDeadline"] = "00:00:10",
        ["Mcp:Client:AttemptTimeout"] = "00:00:02",
        ["Mcp:Client:TotalTimeout"] = "00:00:10",
        ["Mcp:Client:MaxRetryAttempts"] = "3",
        ["Mcp:Client:RetryDelay"] = "00:00:00.050",
        ["Mcp:Client:MaxRetryDelay"] = "00:00:02",
        ["Mcp:Client:BreakDuration"] = "00:00:01",
        ["SyncWorker:DispatcherPollInterval"] = "00:00:00.500",
        ["SyncWorker:ReconcileInterval"] = "00:00:00.200",
        ["SyncWorker:BaseBackoff"] = "00:00:00.200",
        ["SyncWorker:MaxBackoff"] = "00:00:01",
        ["SyncWorker:MaxSyncAttempts"] = "6",
        ["SyncWorker:PublishTimeout"] = "00:00:02",
        ["Storage:Root"] = StorageRoot,
        // Runs: look at young runs often and sweep for scheduled runs every second, so run tests finish in seconds.
        ["Runs:Polling:FirstInterval"] = "00:00:00.250",
        ["Runs:Polling:Tick"] = "00:00:00.100",
        ["Runs:Discovery:Interval"] = "00:00:01",
        // Off here so no test meets a re-sync it did not ask for; the drift tests start a worker of their own with it on.
        ["Drift:Enabled"] = "false",
    };

    public IReadOnlyList<WorkerProcess> Workers => workers;

    public async Task<WorkerProcess> StartWorkerAsync(IReadOnlyDictionary<string, string>? overrides = null, Action<string>? onLine = null)
    {
        var settings = WorkerSettings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        var worker = WorkerProcess.Start(settings, onLine);
        workers.Add(worker);
        await worker.WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
        return worker;
    }

    /// <summary>Kills every worker that is still running and keeps exactly one fresh one.</summary>
    public async Task EnsureSingleWorkerAsync()
    {
        var alive = workers.Where(w => !w.HasExited).ToList();
        if (alive.Count == 1)
        {
            return;
        }

        foreach (var worker in alive)
        {
            await worker.DisposeAsync();
        }

        workers.Clear();
        await StartWorkerAsync();
    }

    /// <summary>
    /// A migrated database no worker looks at, for tests that must hold the outbox to themselves.
    /// It is dropped with the fixture.
    /// </summary>
    public async Task<string> CreateScratchDatabaseAsync()
    {
        var name = $"ap_scratch_{Guid.NewGuid():N}"[..23];
        scratchDatabases.Add(name);
        return await CreateMigratedDatabaseAsync(name);
    }

    private async Task<string> CreateMigratedDatabaseAsync(string name)
    {
        await using (var server = new NpgsqlConnection(serverConnectionString))
        {
            await server.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", server);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(connectionString).Options);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    public AppDbContext NewDbContext() =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseNpgsql(DatabaseConnectionString).Options);

    public string WorkerOutput() => string.Join("\n---- next worker ----\n", workers.Select(w => w.RecentOutput));

    public async Task DisposeAsync()
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        await Api.DisposeAsync();
        if (emulator is not null)
        {
            await emulator.StopAsync();
            await emulator.DisposeAsync();
        }

        emulatorHttp?.Dispose();
        await ConnectorProxy.DisposeAsync();
        await BrokerProxy.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var server = new NpgsqlConnection(serverConnectionString);
        await server.OpenAsync();
        foreach (var name in scratchDatabases.Append(databaseName))
        {
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", server);
            await drop.ExecuteNonQueryAsync();
        }

        if (Directory.Exists(StorageRoot))
        {
            Directory.Delete(StorageRoot, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
