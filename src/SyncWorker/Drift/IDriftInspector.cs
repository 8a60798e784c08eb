namespace AgentProvision.SyncWorker.Drift;

/// <summary>
/// One kind's half of the drift check: read the tenant's synced rows, list the tenant's objects of that kind (one listing,
/// paged), and say which rows' objects are gone or not what we wrote. It only looks; <see cref="DriftMarker"/> acts.
/// </summary>
public interface IDriftInspector
{
    string Kind { get; }

    /// <summary>The kind's table, whose tenants with synced rows get a check.</summary>
    string Table { get; }

    Task<DriftInspection> InspectAsync(Guid tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the finding's row for re-sync through the shared marker, with this kind's entity type and its <c>metadata_</c>
    /// adjusted so the provisioner's next sync really writes instead of finding the row "already up to date".
    /// </summary>
    Task<bool> MarkAsync(DriftMarker marker, Guid tenantId, DriftFinding finding, CancellationToken cancellationToken);
}
