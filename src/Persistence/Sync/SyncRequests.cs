using System.Text.Json;
using AgentProvision.Contracts.Messages;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;

namespace AgentProvision.Persistence.Sync;

/// <summary>
/// The one way a resource of any kind is put in line for the worker: its state says what is wanted, and an outbox
/// row, saved in the same transaction, says "look at it". Used by the API on every write and by the reconciler.
/// </summary>
public static class SyncRequests
{
    /// <summary>
    /// After a user's change: syncs it when the integration is on for the tenant, else marks the resource
    /// <c>local_only</c> with the original system's metadata (<c>databricks_enabled: false</c> and the reason).
    /// </summary>
    public static void RequestSyncOrKeepLocal<T>(this AppDbContext db, T resource, McpOptions mcp, TimeProvider clock)
        where T : SyncedResource, IResourceKind
    {
        if (mcp.DisabledReasonFor(resource.TenantId) is not { } reason)
        {
            db.RequestSync(resource, clock, mcp.SyncDeadline);
            return;
        }

        resource.SyncStatus = SyncStatus.LocalOnly;
        resource.NextAttemptAt = null;
        resource.UpdatedAt = clock.GetUtcNow();
        if (resource.SyncedGeneration == 0)
        {
            resource.Metadata = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["databricks_enabled"] = false,
                ["reason"] = reason,
            });
        }
    }

    /// <summary>
    /// After a user's change (or retry): marks the resource pending (or deleting) with a fresh attempt budget and
    /// stages its sync message. If the message is lost, the reconciler re-sends it once <paramref name="deadline"/>
    /// has passed without the resource settling.
    /// </summary>
    public static void RequestSync<T>(this AppDbContext db, T resource, TimeProvider clock, TimeSpan deadline)
        where T : SyncedResource, IResourceKind
    {
        resource.SyncStatus = resource.DeletedAt is null ? SyncStatus.Pending : SyncStatus.Deleting;
        resource.SyncAttempts = 0;
        resource.UpdatedAt = clock.GetUtcNow();
        db.ResendSync(resource, clock, deadline);
    }

    /// <summary>The reconciler's half: the wanted state stands, only the message is sent again.</summary>
    public static void ResendSync<T>(this AppDbContext db, T resource, TimeProvider clock, TimeSpan deadline)
        where T : SyncedResource, IResourceKind
    {
        resource.NextAttemptAt = clock.GetUtcNow() + deadline;
        db.AddOutboxMessage(
            resource.TenantId,
            T.Kind,
            resource.Id,
            new ResourceSyncRequested(T.Kind, resource.TenantId, resource.Id, resource.Generation),
            clock);
    }
}
