using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Resilience;
using AgentProvision.Persistence.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// Puts a drifted resource back on the shared sync path and makes the drift visible in its sync state: <c>pending</c>
/// with a fresh attempt budget and <c>last_error</c> <c>DRIFT_DETECTED</c> (the reason and when it was found) until the
/// re-sync clears it, <c>synced_generation</c> one below <c>generation</c> (Databricks no longer holds the current one,
/// which is also what makes the synchronizer act), and the outbox message in the same transaction.
/// The row is taken only if it is still synced at the generation the listing was compared with: a resource the user
/// changed, deleted, or that a sync is working on since is left alone (its own sync writes Databricks anyway).
/// </summary>
public sealed class DriftMarker(AppDbContext db, TimeProvider clock, IOptions<McpOptions> mcp)
{
    public const string ErrorCode = "DRIFT_DETECTED";

    public async Task<bool> MarkAsync<T>(Guid tenantId, DriftFinding finding, Func<string, string> metadataForResync, CancellationToken cancellationToken)
        where T : SyncedResource, IResourceKind
    {
        var marked = await db.InRetryableTransactionAsync(async token =>
        {
            var rows = await db.Set<T>().FromSqlRaw(StillSyncedSql<T>(), finding.ResourceId, tenantId, finding.Generation).ToListAsync(token);
            if (rows is not [var resource])
            {
                return false;
            }

            db.RequestSync(resource, clock, mcp.Value.SyncDeadline);
            resource.SyncedGeneration = resource.Generation - 1;
            resource.LastErrorCode = ErrorCode;
            resource.LastErrorMessage = Truncate(
                $"{T.Kind} {finding.Drift} in Databricks out of band, found by the drift check at {clock.GetUtcNow():O}: {finding.Detail}. Re-syncing.");
            resource.Metadata = metadataForResync(resource.Metadata);
            await db.SaveChangesAsync(token);
            return true;
        }, cancellationToken);
        db.ChangeTracker.Clear();
        return marked;
    }

    /// <summary>The table name comes from our own EF model, never from input; the values are parameters.</summary>
    private string StillSyncedSql<T>() where T : SyncedResource =>
        "SELECT * FROM " + db.Model.FindEntityType(typeof(T))!.GetTableName() +
        " WHERE id = {0} AND tenant_id = {1} AND generation = {2} AND synced_generation = generation" +
        " AND sync_status = 'synced' AND deleted_at IS NULL FOR UPDATE";

    private static string Truncate(string message) => message.Length <= 2000 ? message : message[..2000] + "…";
}
