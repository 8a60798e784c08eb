using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>The reconciler's sweep over one kind's table; the reconciler runs every registered kind's.</summary>
public interface IResourceSweep
{
    string Kind { get; }

    /// <summary>Re-sends, in the caller's transaction, the messages of up to <paramref name="batchSize"/> resources whose retry or deadline is due.</summary>
    Task<int> ResendDueAsync(AppDbContext db, int batchSize, TimeSpan deadline, CancellationToken cancellationToken);

    /// <summary>Makes due now every resource backing off after a transient failure (the connector is back); answers how many.</summary>
    Task<int> PullForwardAsync(AppDbContext db, CancellationToken cancellationToken);
}

public sealed class ResourceSweep<T>(TimeProvider clock) : IResourceSweep where T : SyncedResource, IResourceKind
{
    public string Kind => T.Kind;

    public async Task<int> ResendDueAsync(AppDbContext db, int batchSize, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        var due = await db.Set<T>().FromSqlRaw(DueSql(table), batchSize, batchSize * WindowPerBatch).ToListAsync(cancellationToken);
        foreach (var resource in due)
        {
            if (resource.SyncStatus == SyncStatus.Syncing)
            {
                // The attempt that was under way never reported back (its worker died, say).
                resource.SyncStatus = SyncStatus.Pending;
            }

            db.ResendSync(resource, clock, deadline);
        }

        return due.Count;
    }

    public Task<int> PullForwardAsync(AppDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Set<T>()
            .Where(r => (r.SyncStatus == SyncStatus.Pending || r.SyncStatus == SyncStatus.Deleting)
                && r.LastErrorCode != null && r.NextAttemptAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.NextAttemptAt, now), cancellationToken);
    }

    /// <summary>
    /// SKIP LOCKED: several workers share the sweep without sending the same resource twice. A resource whose sync
    /// message still waits in the outbox (behind a backlog, or in publish backoff) is passed over: that message will
    /// come, and re-sending it would only add work exactly when the system is behind. A message already published
    /// (and perhaps lost since) or parked does not count as waiting, so its resource is re-sent. The table name comes
    /// from our own EF model, never from input; the batch size ({0}) and the window ({1}) are parameters. The
    /// still-waiting test is written with coalesce so that the probe can only go through
    /// ix_outbox_messages_resource_id, never the claim's partial index (which, with its statistics lagging a burst,
    /// looks empty and so free to read whole).
    /// </summary>
    /// <remarks>
    /// Only the <see cref="WindowPerBatch"/> × batch longest-due rows are looked at in one sweep. Under a backlog most
    /// due rows have their message still waiting, and probing every one of them each sweep read the whole backlog: 820
    /// ms and 1.4 million buffers a sweep, every 5 s, behind 100,000 waiting notebooks. A due row further back whose
    /// message was lost waits until the rows ahead of it are synced, which the dispatcher does in about the same order.
    /// </remarks>
    internal static string DueSql(string table) =>
        "SELECT * FROM " + table + " r" +
        " WHERE r.id IN (SELECT d.id FROM " + table + " d" +
        "     WHERE d.next_attempt_at <= now() AND d.sync_status IN ('pending', 'syncing', 'deleting')" +
        "     ORDER BY d.next_attempt_at LIMIT {1})" +
        " AND r.next_attempt_at <= now() AND r.sync_status IN ('pending', 'syncing', 'deleting')" +
        " AND NOT EXISTS (SELECT 1 FROM outbox_messages o" +
        "     WHERE o.resource_id = r.id AND coalesce(o.dispatched_at, o.parked_at) IS NULL)" +
        " ORDER BY r.next_attempt_at LIMIT {0} FOR UPDATE OF r SKIP LOCKED";

    /// <summary>How many due rows, per row of the batch, one sweep looks at (<see cref="DueSql"/>).</summary>
    internal const int WindowPerBatch = 10;
}
