using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>
/// The sync path's writes to a resource row, for every kind. Each one is guarded by the generation it worked on: if
/// the user changed the resource meanwhile, the write is skipped and the newer change's own message takes over. They
/// leave <c>updated_at</c> alone: it is the time of the user's change, which the sync-latency metric measures from.
/// </summary>
public sealed class ResourceSyncStore<T>(AppDbContext db, TimeProvider clock) where T : SyncedResource
{
    public Task<T?> FindAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        db.Set<T>().AsNoTracking().SingleOrDefaultAsync(r => r.Id == id && r.TenantId == tenantId, cancellationToken);

    /// <summary>Counts the attempt and shows it as under way; false when the row moved on or is already in sync.</summary>
    public async Task<bool> TryBeginAttemptAsync(T resource, CancellationToken cancellationToken)
    {
        var status = resource.DeletedAt is null ? SyncStatus.Syncing : SyncStatus.Deleting;
        var updated = await Current(resource)
            .Where(r => r.SyncedGeneration < r.Generation
                && (r.SyncStatus == SyncStatus.Pending || r.SyncStatus == SyncStatus.Syncing || r.SyncStatus == SyncStatus.Deleting))
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.SyncAttempts, r => r.SyncAttempts + 1)
                .SetProperty(r => r.SyncStatus, status), cancellationToken);
        return updated == 1;
    }

    public Task<int> MarkSyncedAsync(T resource, string metadata, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Current(resource).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.SyncedGeneration, resource.Generation)
            .SetProperty(r => r.SyncStatus, resource.DeletedAt is null ? SyncStatus.Synced : SyncStatus.Deleted)
            .SetProperty(r => r.SyncedAt, now)
            .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null)
            .SetProperty(r => r.LastErrorCode, (string?)null)
            .SetProperty(r => r.LastErrorMessage, (string?)null)
            .SetProperty(r => r.Metadata, metadata), cancellationToken);
    }

    /// <summary>A transient failure: the reconciler re-sends the message at <paramref name="retryAt"/>.</summary>
    public Task<int> ScheduleRetryAsync(T resource, DateTimeOffset retryAt, string code, string message, CancellationToken cancellationToken) =>
        Current(resource).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.SyncStatus, resource.DeletedAt is null ? SyncStatus.Pending : SyncStatus.Deleting)
            .SetProperty(r => r.NextAttemptAt, retryAt)
            .SetProperty(r => r.LastErrorCode, code)
            .SetProperty(r => r.LastErrorMessage, message), cancellationToken);

    /// <summary>A permanent failure, or attempts exhausted: stays failed until someone retries it.</summary>
    public Task<int> MarkFailedAsync(T resource, string code, string message, CancellationToken cancellationToken) =>
        Current(resource).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.SyncStatus, SyncStatus.Failed)
            .SetProperty(r => r.NextAttemptAt, (DateTimeOffset?)null)
            .SetProperty(r => r.LastErrorCode, code)
            .SetProperty(r => r.LastErrorMessage, message), cancellationToken);

    private IQueryable<T> Current(T resource) =>
        db.Set<T>().Where(r => r.Id == resource.Id && r.Generation == resource.Generation);
}
