using AgentProvision.Persistence.Entities;

namespace AgentProvision.SyncWorker.Sync;

/// <summary>
/// What a kind supplies to the shared sync path: make Databricks match the row, or remove the remote copy. Both must
/// be safe to repeat after any failure, including a lost answer: a create that meets its own earlier object adopts
/// it, a delete of what is already gone succeeds. Connector failures propagate as ConnectorException (transient ones
/// are retried durably); <see cref="PermanentSyncFailure"/> says no retry can help.
/// </summary>
public interface IResourceProvisioner<in T> where T : SyncedResource
{
    /// <summary>Creates or updates the remote copy; answers the <c>metadata_</c> JSON to store (the original's keys).</summary>
    Task<string> EnsureAsync(T resource, CancellationToken cancellationToken);

    /// <summary>Removes the remote copy; answers the <c>metadata_</c> JSON to keep on the deleted row.</summary>
    Task<string> RemoveAsync(T resource, CancellationToken cancellationToken);
}

/// <summary>A failure no retry can mend (an operator must act first); the resource is marked failed with this reason.</summary>
public sealed class PermanentSyncFailure(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
