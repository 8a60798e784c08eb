namespace AgentProvision.ChaosHarness.Processes;

/// <summary>
/// A PostgreSQL 15 server of the harness's own (initdb into its state folder, a free port, loopback only), so that
/// restarting it cannot break anything else running on the machine. As root the server runs as the postgres user,
/// which is how dev.sh runs it; PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string Bin = "/usr/lib/postgresql/15/bin";
    private readonly string directory;
    private readonly string stopMode;

    private PostgresServer(string directory, int port, string stopMode)
    {
        this.directory = directory;
        this.stopMode = stopMode;
        Port = port;
    }

    public int Port { get; }

    public string StopMode => stopMode;

    private string DataDirectory => Path.Combine(directory, "data");

    /// <summary>Server connection string (no database); trust authentication on loopback, so the password is only decoration.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Password=postgres;Timeout=5";

    public static async Task<PostgresServer> StartAsync(string stateDirectory, string stopMode)
    {
        if (!File.Exists(Path.Combine(Bin, "initdb")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Bin}); ./dev.sh services installs it.");
        }

        var directory = Path.Combine(stateDirectory, "pg");
        Directory.CreateDirectory(directory);
        var server = new PostgresServer(directory, FreePort.Next(), stopMode);
        if (IsRoot)
        {
            await Command.RunAsync("chown", ["-R", "postgres:postgres", directory]);
        }

        await PgAsync("initdb", ["-D", server.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8"]);
        await server.StartServerAsync();
        return server;
    }

    /// <summary>Stops the server (fast: connections are cut, a checkpoint is written; immediate: a crash) and starts it again.</summary>
    public async Task RestartAsync()
    {
        await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", stopMode, "-w", "stop"]);
        await StartServerAsync();
    }

    private Task<string> StartServerAsync() =>
        PgAsync("pg_ctl", ["-D", DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -h 127.0.0.1 -k {directory} -c max_connections=300 -c fsync=off", "start"]);

    private static bool IsRoot => Environment.UserName == "root";

    private static Task<string> PgAsync(string tool, IEnumerable<string> arguments) => IsRoot
        ? Command.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. arguments])
        : Command.RunAsync(Path.Combine(Bin, tool), arguments);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }
    }
}
