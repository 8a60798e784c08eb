namespace AgentProvision.Persistence.Entities;

/// <summary>
/// The sync columns every resource that is provisioned in Databricks carries (DESIGN.md §3).
/// "In sync" means <see cref="SyncedGeneration"/> has caught up with <see cref="Generation"/>.
/// </summary>
public abstract class SyncedResource
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>Bumped by every user change; messages name the generation they were sent for.</summary>
    public long Generation { get; set; } = 1;

    public long SyncedGeneration { get; set; }
    public SyncStatus SyncStatus { get; set; } = SyncStatus.Pending;
    public int SyncAttempts { get; set; }

    /// <summary>
    /// When the reconciler should look at this resource again: a retry that is due, or the deadline by which
    /// a pending change should have synced. Null once the resource is settled (synced, failed, local-only, deleted).
    /// </summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public string? LastErrorCode { get; set; }
    public string? LastErrorMessage { get; set; }
    public DateTimeOffset? SyncedAt { get; set; }

    /// <summary>Databricks identifiers (JSON object in the <c>metadata_</c> JSONB column), as in the original system.</summary>
    public string Metadata { get; set; } = "{}";

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Set when the user deletes the resource; the row stays until the remote copy is gone.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>
    /// Until when one worker holds the right to sync this resource (null: nobody does). A lease, not a lock: nothing
    /// is held open while the connector works, and a crashed worker's lease simply runs out.
    /// </summary>
    public DateTimeOffset? SyncLeaseUntil { get; set; }

    /// <summary>
    /// Bumped by every lease taken. Each write that ends an attempt names the fence it was taken with, so the late
    /// write of a worker whose lease ran out (and was taken over) changes nothing.
    /// </summary>
    public long SyncFence { get; set; }
}
