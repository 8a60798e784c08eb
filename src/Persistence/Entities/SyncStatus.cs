namespace AgentProvision.Persistence.Entities;

/// <summary>Where a resource stands against its Databricks copy (DESIGN.md §3).</summary>
public enum SyncStatus
{
    Pending,
    Syncing,
    Synced,
    Failed,
    LocalOnly,
    Deleting,
    Deleted,
}
