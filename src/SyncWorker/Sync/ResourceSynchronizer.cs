using AgentProvision.Connector;
using AgentProvision.Connector.RateLimiting;
using AgentProvision.Persistence.Entities;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>Syncs one resource of one kind; the consumer picks the kind's synchronizer by name.</summary>
public interface IResourceSynchronizer
{
    /// <summary>
    /// The message path: syncs the resource unless another worker holds it, which then also picks up any change it has
    /// not seen when it lets go (so the message can be acknowledged either way).
    /// </summary>
    Task SyncAsync(Guid tenantId, Guid resourceId, long messageGeneration, CancellationToken cancellationToken);

    /// <summary>
    /// The inline path, for a resource another sync needs first (a dataset's catalog, a run's notebook): like
    /// <see cref="SyncAsync"/>, but when another worker holds it, waits for that worker to finish (polling, holding nothing).
    /// </summary>
    Task SyncNowAsync(Guid tenantId, Guid resourceId, CancellationToken cancellationToken);
}

/// <summary>
/// The shared, level-triggered sync path (DESIGN.md §3) for every kind: take the resource's lease (which reads the
/// current row and counts the attempt), let the kind's provisioner make Databricks match it, and release the lease with
/// the outcome. One sync at a time per resource, across every worker, so an old generation never lands after a newer
/// one; and no database connection is held while the connector works, so hundreds of syncs can be in flight.
/// Transient connector failures become durable retries on the row; permanent ones and exhausted attempts mark it failed
/// with the reason and what to do. A change made while syncing is synced next by the same worker.
/// </summary>
public sealed class ResourceSynchronizer<T>(
    ResourceSyncStore<T> store,
    IResourceProvisioner<T> provisioner,
    IOptions<SyncWorkerOptions> options,
    TimeProvider clock,
    SyncMetrics metrics,
    ConnectorRecovery recovery,
    ILogger<ResourceSynchronizer<T>> logger) : IResourceSynchronizer
    where T : SyncedResource, IResourceKind
{
    /// <summary>Changes made during a sync are followed this many times in a row; beyond that, their messages (or the reconciler) take over.</summary>
    private const int MaxRounds = 5;

    private static readonly TimeSpan LeasePollInterval = TimeSpan.FromMilliseconds(50);

    public async Task SyncAsync(Guid tenantId, Guid resourceId, long messageGeneration, CancellationToken cancellationToken)
    {
        if (!await SyncLeasedAsync(tenantId, resourceId, cancellationToken))
        {
            logger.LogDebug("{Kind} {ResourceId} needs nothing for message generation {Generation}, or another worker holds it",
                T.Kind, resourceId, messageGeneration);
            await store.WatchLeaseAsync(resourceId, cancellationToken);
        }
    }

    public async Task SyncNowAsync(Guid tenantId, Guid resourceId, CancellationToken cancellationToken)
    {
        var waitUntil = clock.GetUtcNow() + options.Value.InlineLeaseWait;
        while (!await SyncLeasedAsync(tenantId, resourceId, cancellationToken)
            && await store.IsLeasedAsync(resourceId, cancellationToken)
            && clock.GetUtcNow() < waitUntil)
        {
            await Task.Delay(LeasePollInterval, cancellationToken);
        }
    }

    /// <summary>False when the lease could not be taken (nothing to do, or another worker holds it).</summary>
    private async Task<bool> SyncLeasedAsync(Guid tenantId, Guid resourceId, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope("Tenant {TenantId} {Kind} {ResourceId}", tenantId, T.Kind, resourceId);
        using var budget = ConnectorTenant.Enter(tenantId);
        for (var round = 0; round < MaxRounds; round++)
        {
            var resource = await store.TryLeaseAsync(tenantId, resourceId, options.Value.LeaseDuration, cancellationToken);
            if (resource is null)
            {
                return round > 0;
            }

            if (await AttemptAsync(resource, cancellationToken) != LeaseRelease.MovedOn)
            {
                return true;
            }

            logger.LogInformation("{Kind} {ResourceId} changed while generation {Generation} was syncing; syncing the newer change now",
                T.Kind, resourceId, resource.Generation);
        }

        return true;
    }

    private async Task<LeaseRelease> AttemptAsync(T resource, CancellationToken cancellationToken)
    {
        var attempt = resource.SyncAttempts;
        var removing = resource.DeletedAt is not null;
        using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keeper = new LeaseKeeper<T>(store, resource, options.Value.LeaseDuration, attemptCancellation);
        try
        {
            string metadata;
            try
            {
                metadata = removing
                    ? await provisioner.RemoveAsync(resource, attemptCancellation.Token)
                    : await provisioner.EnsureAsync(resource, attemptCancellation.Token);
            }
            finally
            {
                await keeper.StopAsync();
            }

            recovery.NoteSuccess(T.Kind);
            var released = await store.MarkSyncedAsync(resource, metadata, CancellationToken.None);
            if (released != LeaseRelease.Lost)
            {
                var latency = clock.GetUtcNow() - resource.UpdatedAt;
                metrics.RecordSynced(T.Kind, latency);
                logger.LogInformation("{Kind} {ResourceId} generation {Generation} {Outcome} in Databricks after {LatencyMs:F0} ms (attempt {Attempt})",
                    T.Kind, resource.Id, resource.Generation, removing ? "removed" : "synced", latency.TotalMilliseconds, attempt);
            }

            return Reported(resource, released);
        }
        catch (OperationCanceledException) when (keeper.Lost && !cancellationToken.IsCancellationRequested)
        {
            return Reported(resource, LeaseRelease.Lost);
        }
        catch (ConnectorException throttled) when (throttled.ErrorCode == ConnectorRateLimiter.RateLimitedCode)
        {
            // Spread over the next second, so the put-back syncs of a busy tenant do not all return at the same instant.
            var retryAt = clock.GetUtcNow() + TimeSpan.FromMilliseconds(500 + Random.Shared.Next(1000));
            logger.LogDebug("{Kind} {ResourceId} held back by the connector rate limit; again at {RetryAt:O}", T.Kind, resource.Id, retryAt);
            return Reported(resource, await store.DeferAsync(resource, retryAt, CancellationToken.None));
        }
        catch (ConnectorException failure) when (failure.IsTransient && attempt < options.Value.MaxSyncAttempts)
        {
            var retryAt = clock.GetUtcNow() + SyncBackoff.For(attempt, options.Value.BaseBackoff, options.Value.MaxBackoff);
            recovery.NoteTransientFailure(T.Kind);
            metrics.RecordFailure(T.Kind, transient: true);
            logger.LogWarning("{Kind} {ResourceId} attempt {Attempt} failed ({ErrorCode}: {Error}); next attempt at {RetryAt:O}",
                T.Kind, resource.Id, attempt, failure.ErrorCode, failure.ConnectorMessage, retryAt);
            return Reported(resource, await store.ScheduleRetryAsync(resource, retryAt, failure.ErrorCode, failure.ConnectorMessage, CancellationToken.None));
        }
        catch (ConnectorException failure)
        {
            var reason = failure.IsTransient
                ? $"{failure.ConnectorMessage} (gave up after {attempt} attempts; retry it through the API once the connector is healthy)"
                : failure.ConnectorMessage;
            return await FailAsync(resource, failure.ErrorCode, reason);
        }
        catch (PermanentSyncFailure failure)
        {
            return await FailAsync(resource, failure.Code, failure.Message);
        }
        catch (Exception) when (!keeper.Lost)
        {
            // No outcome (shutting down, a database error): hand the resource back now instead of when the lease runs out.
            await AbandonQuietlyAsync(resource);
            throw;
        }
    }

    private async Task<LeaseRelease> FailAsync(T resource, string code, string reason)
    {
        metrics.RecordFailure(T.Kind, transient: false);
        logger.LogError("{Kind} {ResourceId} failed to sync: {ErrorCode}: {Error}", T.Kind, resource.Id, code, reason);
        return Reported(resource, await store.MarkFailedAsync(resource, code, reason, CancellationToken.None));
    }

    private async Task AbandonQuietlyAsync(T resource)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await store.AbandonAsync(resource, timeout.Token);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "{Kind} {ResourceId}: could not hand the lease back; it runs out at its deadline", T.Kind, resource.Id);
        }
    }

    private LeaseRelease Reported(T resource, LeaseRelease released)
    {
        if (released == LeaseRelease.Lost)
        {
            metrics.RecordLeaseLost(T.Kind);
            logger.LogWarning("{Kind} {ResourceId}: the lease on generation {Generation} ran out and another worker took the resource over; " +
                "this attempt's outcome is dropped (raise SyncWorker:LeaseDuration if attempts often take longer than {Lease})",
                T.Kind, resource.Id, resource.Generation, options.Value.LeaseDuration);
        }

        return released;
    }
}
