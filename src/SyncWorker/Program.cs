using AgentProvision.Persistence;
using AgentProvision.ServiceDefaults;
using AgentProvision.Connector;
using AgentProvision.Datasets.Storage;
using AgentProvision.SyncWorker.Messaging;

namespace AgentProvision.SyncWorker;

// An explicit entry point in our namespace, so it does not clash with the API's global `Program` in tests.
public static class Program
{
    /// <summary>
    /// The most connections one worker opens to PostgreSQL. No sync holds a connection while it waits for the connector,
    /// so hundreds of syncs in flight need a few dozen at most; each replica counts against PostgreSQL's
    /// max_connections (100 by default).
    /// </summary>
    public const int ConnectionBudget = 20;

    /// <summary>Held outside the pool (<see cref="SessionConnections"/>): the LISTEN, always, and the scheduled-run discovery's lock during a sweep.</summary>
    private const int SessionConnectionsHeld = 2;

    /// <summary>
    /// A sync takes a pooled connection two or three times, so no reset on reuse: the LISTEN and the discovery's session
    /// lock use <see cref="SessionConnections"/>, which are never pooled, and the pool leaves room for them in the budget.
    /// </summary>
    public static readonly ConnectionDefaults DatabaseConnections = new()
    {
        MaxPoolSize = ConnectionBudget - SessionConnectionsHeld,
        NoResetOnClose = true,
        MaxAutoPrepare = 64,
        ApplicationName = "agentprovision-syncworker",
    };

    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddPersistence(DatabaseConnections);
        builder.AddMcpOptions();
        builder.AddConnectorClient();
        builder.AddDatasetStorage();
        builder.AddMessaging();
        builder.AddSyncWorker();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.Run();
    }
}
