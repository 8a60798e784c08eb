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
    /// No sync holds a connection while it waits for the connector, so hundreds of syncs in flight need a few dozen
    /// connections at most; each replica's pool counts against PostgreSQL's max_connections (100 by default). A sync
    /// takes a pooled connection two or three times, so no reset on reuse: the LISTEN and the discovery's session
    /// lock use <see cref="SessionConnections"/>, which are never pooled.
    /// </summary>
    public static readonly ConnectionDefaults DatabaseConnections =
        new() { MaxPoolSize = 20, NoResetOnClose = true, MaxAutoPrepare = 64, ApplicationName = "agentprovision-syncworker" };

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
