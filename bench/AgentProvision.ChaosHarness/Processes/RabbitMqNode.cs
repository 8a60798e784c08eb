namespace AgentProvision.ChaosHarness.Processes;

/// <summary>
/// A RabbitMQ node of the harness's own: its own node name, AMQP and distribution ports, mnesia and log folders
/// (the same RABBITMQ_* variables dev.sh sets), so stopping it touches no other broker on the machine.
/// Messages and durable queues survive a restart on disk, as in production.
/// </summary>
public sealed class RabbitMqNode : IAsyncDisposable
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    private readonly string directory;
    private readonly Dictionary<string, string> environment;
    private ChildProcess? server;
    private int starts;

    private RabbitMqNode(string directory, string nodeName, int port)
    {
        this.directory = directory;
        NodeName = nodeName;
        Port = port;
        environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = nodeName,
            ["RABBITMQ_NODE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_DIST_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
        };
    }

    public string NodeName { get; }

    public int Port { get; }

    public Uri AmqpUri => new($"amqp://guest:guest@127.0.0.1:{Port}/");

    public static async Task<RabbitMqNode> StartAsync(string stateDirectory)
    {
        if (!File.Exists(Server))
        {
            throw new InvalidOperationException($"RabbitMQ is not installed ({Server}); ./dev.sh services installs it.");
        }

        var directory = Path.Combine(stateDirectory, "rabbitmq");
        Directory.CreateDirectory(Path.Combine(directory, "mnesia"));
        Directory.CreateDirectory(Path.Combine(directory, "log"));
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].");
        var node = new RabbitMqNode(directory, $"chaos-{Guid.NewGuid():N}"[..14] + "@localhost", FreePort.Next());
        await node.StartServerAsync();
        return node;
    }

    /// <summary>
    /// A clean stop of the node (SIGTERM to rabbitmq-server, which stops the node as <c>rabbitmqctl stop</c> does: every
    /// connection is closed by the broker) and a start on the same data; how long each took. Signals and a TCP probe
    /// instead of rabbitmqctl: each CLI call boots an Erlang VM, which took 20 to 40 s on a busy two-core machine.
    /// </summary>
    public async Task<(TimeSpan Stop, TimeSpan Start)> RestartAsync()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await StopServerAsync();
        var stop = clock.Elapsed;
        await StartServerAsync();
        return (stop, clock.Elapsed - stop);
    }

    private async Task StartServerAsync()
    {
        starts++;
        server = ChildProcess.Start(Server, [], environment, Path.Combine(directory, $"server-{starts}.out"));
        // The AMQP listener opens at the very end of the node's boot, so a connection that is accepted means it is up.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await AcceptsConnectionsAsync())
        {
            if (server.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"RabbitMQ node {NodeName} did not start; see {directory}/log.\n{server.Tail}");
            }

            await Task.Delay(250);
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private async Task StopServerAsync()
    {
        if (server is not null)
        {
            await server.TerminateAsync(TimeSpan.FromMinutes(1));
            server.Dispose();
            server = null;
        }
    }

    public async ValueTask DisposeAsync() => await StopServerAsync();
}
