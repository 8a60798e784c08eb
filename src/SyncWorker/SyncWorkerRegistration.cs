using AgentProvision.Persistence;
using AgentProvision.SyncWorker.Notebooks;
using AgentProvision.SyncWorker.Outbox;
using AgentProvision.SyncWorker.Reconciliation;
using Npgsql;

namespace AgentProvision.SyncWorker;

public static class SyncWorkerRegistration
{
    /// <summary>The outbox dispatcher, the notebook sync pipeline and the reconciler.</summary>
    public static IHostApplicationBuilder AddSyncWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SyncWorkerOptions>()
            .Bind(builder.Configuration.GetSection(SyncWorkerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(builder.Configuration.GetConnectionString(PersistenceExtensions.ConnectionStringName)!));
        builder.Services.AddSingleton<SyncMetrics>();
        builder.Services.AddSingleton<OutboxWakeUp>();
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHostedService<Reconciler>();
        builder.Services.AddSingleton<ResourceSyncLock>();
        builder.Services.AddScoped<NotebookSyncStore>();
        builder.Services.AddScoped<NotebookProvisioner>();
        return builder;
    }
}
