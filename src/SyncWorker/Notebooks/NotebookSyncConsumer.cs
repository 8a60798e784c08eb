using AgentProvision.Contracts.Messages;
using AgentProvision.SyncWorker.Connector;
using MassTransit;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Notebooks;

/// <summary>
/// Level-triggered: reads the notebook's current row and makes Databricks match it, whatever generation the
/// message named. Duplicate, stale and out-of-order messages therefore do nothing harmful.
/// </summary>
public sealed class NotebookSyncConsumer(
    ResourceSyncLock syncLock,
    NotebookSyncStore store,
    NotebookProvisioner provisioner,
    IOptions<SyncWorkerOptions> options,
    TimeProvider clock,
    SyncMetrics metrics,
    ILogger<NotebookSyncConsumer> logger) : IConsumer<NotebookSyncRequested>
{
    public async Task Consume(ConsumeContext<NotebookSyncRequested> context)
    {
        var message = context.Message;
        var cancellationToken = context.CancellationToken;
        using var scope = logger.BeginScope("Tenant {TenantId} notebook {NotebookId}", message.TenantId, message.NotebookId);

        // Read and act under the notebook's lock, so the state we act on is the latest and no older call overtakes us.
        await using var held = await syncLock.AcquireAsync(ResourceSyncLock.NotebookLockClass, message.NotebookId, cancellationToken);
        var notebook = await store.FindAsync(message.TenantId, message.NotebookId, cancellationToken);
        if (notebook is null)
        {
            logger.LogWarning("Notebook {NotebookId} no longer exists; nothing to sync", message.NotebookId);
            return;
        }

        if (notebook.SyncedGeneration >= notebook.Generation || !await store.TryBeginAttemptAsync(notebook, cancellationToken))
        {
            logger.LogDebug("Notebook {NotebookId} needs nothing for message generation {Generation} (row: generation {Current}, synced {Synced}, {Status})",
                notebook.Id, message.Generation, notebook.Generation, notebook.SyncedGeneration, notebook.SyncStatus);
            return;
        }

        var attempt = notebook.SyncAttempts + 1;
        try
        {
            var metadata = notebook.DeletedAt is null
                ? await provisioner.EnsureAsync(notebook, cancellationToken)
                : await provisioner.DeleteAsync(notebook, cancellationToken);
            if (await store.MarkSyncedAsync(notebook, metadata, cancellationToken) == 1)
            {
                var latency = clock.GetUtcNow() - notebook.UpdatedAt;
                metrics.RecordSynced("notebook", latency);
                logger.LogInformation("Notebook {NotebookId} generation {Generation} {Outcome} in Databricks after {LatencyMs:F0} ms (attempt {Attempt})",
                    notebook.Id, notebook.Generation, notebook.DeletedAt is null ? "synced" : "deleted", latency.TotalMilliseconds, attempt);
            }
        }
        catch (ConnectorException failure) when (failure.IsTransient && attempt < options.Value.MaxSyncAttempts)
        {
            var retryAt = clock.GetUtcNow() + SyncBackoff.For(attempt, options.Value.BaseBackoff, options.Value.MaxBackoff);
            metrics.RecordFailure("notebook", transient: true);
            logger.LogWarning("Notebook {NotebookId} attempt {Attempt} failed ({ErrorCode}: {Error}); next attempt at {RetryAt:O}",
                notebook.Id, attempt, failure.ErrorCode, failure.ConnectorMessage, retryAt);
            await store.ScheduleRetryAsync(notebook, retryAt, failure.ErrorCode, failure.ConnectorMessage, cancellationToken);
        }
        catch (ConnectorException failure)
        {
            var reason = failure.IsTransient
                ? $"{failure.ConnectorMessage} (gave up after {attempt} attempts; POST /api/v1/notebooks/{notebook.Id}/retry tries again)"
                : failure.ConnectorMessage;
            metrics.RecordFailure("notebook", transient: false);
            logger.LogError("Notebook {NotebookId} failed to sync: {ErrorCode}: {Error}", notebook.Id, failure.ErrorCode, reason);
            await store.MarkFailedAsync(notebook, failure.ErrorCode, reason, cancellationToken);
        }
    }
}
