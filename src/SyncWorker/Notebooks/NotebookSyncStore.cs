using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Notebooks;

/// <summary>
/// The consumer's writes to the notebook row. Each one is guarded by the generation it worked on: if the user
/// changed the notebook meanwhile, the write is skipped and the newer change's own message takes over. They leave
/// <c>updated_at</c> alone: it is the time of the user's change, which the sync-latency metric measures from.
/// </summary>
public sealed class NotebookSyncStore(AppDbContext db, TimeProvider clock)
{
    public Task<Notebook?> FindAsync(Guid tenantId, Guid notebookId, CancellationToken cancellationToken) =>
        db.Notebooks.AsNoTracking().SingleOrDefaultAsync(n => n.Id == notebookId && n.TenantId == tenantId, cancellationToken);

    /// <summary>Counts the attempt and shows it as under way; false when the row moved on or is already in sync.</summary>
    public async Task<bool> TryBeginAttemptAsync(Notebook notebook, CancellationToken cancellationToken)
    {
        var status = notebook.DeletedAt is null ? SyncStatus.Syncing : SyncStatus.Deleting;
        var updated = await Current(notebook)
            .Where(n => n.SyncedGeneration < n.Generation
                && (n.SyncStatus == SyncStatus.Pending || n.SyncStatus == SyncStatus.Syncing || n.SyncStatus == SyncStatus.Deleting))
            .ExecuteUpdateAsync(set => set
                .SetProperty(n => n.SyncAttempts, n => n.SyncAttempts + 1)
                .SetProperty(n => n.SyncStatus, status), cancellationToken);
        return updated == 1;
    }

    public Task<int> MarkSyncedAsync(Notebook notebook, string metadata, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return Current(notebook).ExecuteUpdateAsync(set => set
            .SetProperty(n => n.SyncedGeneration, notebook.Generation)
            .SetProperty(n => n.SyncStatus, notebook.DeletedAt is null ? SyncStatus.Synced : SyncStatus.Deleted)
            .SetProperty(n => n.SyncedAt, now)
            .SetProperty(n => n.NextAttemptAt, (DateTimeOffset?)null)
            .SetProperty(n => n.LastErrorCode, (string?)null)
            .SetProperty(n => n.LastErrorMessage, (string?)null)
            .SetProperty(n => n.Metadata, metadata), cancellationToken);
    }

    /// <summary>A transient failure: the reconciler re-sends the message at <paramref name="retryAt"/>.</summary>
    public Task<int> ScheduleRetryAsync(Notebook notebook, DateTimeOffset retryAt, string code, string message, CancellationToken cancellationToken) =>
        Current(notebook).ExecuteUpdateAsync(set => set
            .SetProperty(n => n.SyncStatus, notebook.DeletedAt is null ? SyncStatus.Pending : SyncStatus.Deleting)
            .SetProperty(n => n.NextAttemptAt, retryAt)
            .SetProperty(n => n.LastErrorCode, code)
            .SetProperty(n => n.LastErrorMessage, message), cancellationToken);

    /// <summary>A permanent failure, or attempts exhausted: stays failed until someone calls retry.</summary>
    public Task<int> MarkFailedAsync(Notebook notebook, string code, string message, CancellationToken cancellationToken) =>
        Current(notebook).ExecuteUpdateAsync(set => set
            .SetProperty(n => n.SyncStatus, SyncStatus.Failed)
            .SetProperty(n => n.NextAttemptAt, (DateTimeOffset?)null)
            .SetProperty(n => n.LastErrorCode, code)
            .SetProperty(n => n.LastErrorMessage, message), cancellationToken);

    private IQueryable<Notebook> Current(Notebook notebook) =>
        db.Notebooks.Where(n => n.Id == notebook.Id && n.Generation == notebook.Generation);
}
