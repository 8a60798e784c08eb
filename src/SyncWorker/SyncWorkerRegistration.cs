using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using AgentProvision.SyncWorker.Catalogs;
using AgentProvision.SyncWorker.Datasets;
using AgentProvision.SyncWorker.Drift;
using AgentProvision.SyncWorker.Heartbeats;
using AgentProvision.SyncWorker.Messaging;
using AgentProvision.SyncWorker.Notebooks;
using AgentProvision.SyncWorker.Outbox;
using AgentProvision.SyncWorker.Pipelines;
using AgentProvision.SyncWorker.Runs;
using AgentProvision.SyncWorker.Reconciliation;
using AgentProvision.SyncWorker.Sync;

namespace AgentProvision.SyncWorker;

public static class SyncWorkerRegistration
{
    /// <summary>The outbox dispatcher, the shared sync path with every resource kind, and the reconciler.</summary>
    public static IHostApplicationBuilder AddSyncWorker(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SyncWorkerOptions>()
            .Bind(builder.Configuration.GetSection(SyncWorkerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<SyncMetrics>();
        builder.Services.AddSingleton<OutboxWakeUp>();
        // The reconciler's outbox rows wake this process's own dispatcher; no NOTIFY needed.
        builder.Services.AddSingleton<IOutboxSignal>(services => services.GetRequiredService<OutboxWakeUp>());
        builder.Services.AddSingleton<OutboxPublisher>();
        builder.Services.AddSingleton<SyncQueueWindow>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHostedService<OutboxResumeOnReconnect>();
        builder.Services.AddHostedService<OutboxBacklogSampler>();
        builder.Services.AddHostedService<Reconciler>();
        builder.Services.AddSingleton<ConnectorRecovery>();
        builder.Services.AddHostedService<WorkerHeartbeatWriter>();
        builder.Services.AddResourceKind<TenantCatalog, CatalogProvisioner>();
        builder.Services.AddResourceKind<Notebook, NotebookProvisioner>();
        builder.Services.AddResourceKind<Dataset, DatasetProvisioner>();
        builder.Services.AddResourceKind<DataPipeline, JobProvisioner>();
        // Runs: a kind of their own (submit, cancel), plus the run status poller and the discovery of scheduled runs.
        builder.AddRunTracking();
        // Drift: a periodic, rate-limited look at what Databricks holds for synced resources.
        builder.AddDriftCheck();
        return builder;
    }
}
