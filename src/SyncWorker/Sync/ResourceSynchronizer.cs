using AgentProvision.Connector;
using AgentProvision.Persistence.Entities;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>Syncs one resource of one kind; the consumer picks the kind's synchronizer by name.</summary>
public interface IResourceSynchronizer
{
    Task SyncAsync(Guid tenantId, Guid resourceId, long messageGeneration, CancellationToken cancellationToken);
}

/// <summary>
/// The shared, level-triggered sync path (DESIGN.md §3) for every kind: under the resource's lock, read the current row,
/// do nothing when it is already in sync, otherwise let the kind's provisioner make Databricks match it and write the
/// outcome with an optimistic generation check. Transient connector failures become durable retries on the row;
/// permanent ones and exhausted attempts mark it failed with the reason and what to do.
/// </summary>
public sealed class ResourceSynchronizer<T>(
    ResourceSyncLock syncLock,
    ResourceSyncStore<T> store,
    IResourceProvisioner<T> provisioner,
    IOptions<SyncWorkerOptions> options,
    TimeProvider clock,
    SyncMetrics metrics,
    ILogger<ResourceSynchronizer<T>> logger) : IResourceSynchronizer
    where T : SyncedResource, IResourceKind
{
    public async Task SyncAsync(Guid tenantId, Guid resourceId, long messageGeneration, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("Tenant {TenantId} {Kind} {ResourceId}", tenantId, T.Kind, resourceId);

        // Read and act under the resource's lock, so the state we act on is the latest and no older call overtakes us.
        await using var held = await syncLock.AcquireAsync(resourceId, cancellationToken);
        var resource = await store.FindAsync(tenantId, resourceId, cancellationToken);
        if (resource is null)
        {
            logger.LogWarning("{Kind} {ResourceId} no longer exists; nothing to sync", T.Kind, resourceId);
            return;
        }

        if (resource.SyncedGeneration >= resource.Generation || !await store.TryBeginAttemptAsync(resource, cancellationToken))
        {
            logger.LogDebug("{Kind} {ResourceId} needs nothing for message generation {Generation} (row: generation {Current}, synced {Synced}, {Status})",
                T.Kind, resourceId, messageGeneration, resource.Generation, resource.SyncedGeneration, resource.SyncStatus);
            return;
        }

        var attempt = resource.SyncAttempts + 1;
        try
        {
            var removing = resource.DeletedAt is not null;
            var metadata = removing
                ? await provisioner.RemoveAsync(resource, cancellationToken)
                : await provisioner.EnsureAsync(resource, cancellationToken);
            if (await store.MarkSyncedAsync(resource, metadata, cancellationToken) == 1)
            {
                var latency = clock.GetUtcNow() - resource.UpdatedAt;
                metrics.RecordSynced(T.Kind, latency);
                logger.LogInformation("{Kind} {ResourceId} generation {Generation} {Outcome} in Databricks after {LatencyMs:F0} ms (attempt {Attempt})",
                    T.Kind, resourceId, resource.Generation, removing ? "removed" : "synced", latency.TotalMilliseconds, attempt);
            }
        }
        catch (ConnectorException failure) when (failure.IsTransient && attempt < options.Value.MaxSyncAttempts)
        {
            var retryAt = clock.GetUtcNow() + SyncBackoff.For(attempt, options.Value.BaseBackoff, options.Value.MaxBackoff);
            metrics.RecordFailure(T.Kind, transient: true);
            logger.LogWarning("{Kind} {ResourceId} attempt {Attempt} failed ({ErrorCode}: {Error}); next attempt at {RetryAt:O}",
                T.Kind, resourceId, attempt, failure.ErrorCode, failure.ConnectorMessage, retryAt);
            await store.ScheduleRetryAsync(resource, retryAt, failure.ErrorCode, failure.ConnectorMessage, cancellationToken);
        }
        catch (ConnectorException failure)
        {
            var reason = failure.IsTransient
                ? $"{failure.ConnectorMessage} (gave up after {attempt} attempts; retry it through the API once the connector is healthy)"
                : failure.ConnectorMessage;
            await FailAsync(resource, failure.ErrorCode, reason, cancellationToken);
        }
        catch (PermanentSyncFailure failure)
        {
            await FailAsync(resource, failure.Code, failure.Message, cancellationToken);
        }
    }

    private async Task FailAsync(T resource, string code, string reason, CancellationToken cancellationToken)
    {
        metrics.RecordFailure(T.Kind, transient: false);
        logger.LogError("{Kind} {ResourceId} failed to sync: {ErrorCode}: {Error}", T.Kind, resource.Id, code, reason);
        await store.MarkFailedAsync(resource, code, reason, cancellationToken);
    }
}
