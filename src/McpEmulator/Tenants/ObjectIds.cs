namespace AgentProvision.McpEmulator.Tenants;

/// <summary>
/// Databricks-like int64 object ids (16 digits), unique across tenants. Never restarts, not even on reset, so a
/// deleted and recreated object always gets a new id, as in Databricks.
/// </summary>
internal sealed class ObjectIds
{
    private long _last = 1_000_000_000_000_000;

    public long Next() => Interlocked.Increment(ref _last);
}
