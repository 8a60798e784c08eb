using AgentProvision.McpEmulator.Catalogs;
using AgentProvision.McpEmulator.Workspace;

namespace AgentProvision.McpEmulator.Tenants;

/// <summary>One tenant's Databricks: its own workspace tree and its own metastore.</summary>
internal sealed class TenantState(Metastore metastore, WorkspaceTree workspace)
{
    public Metastore Metastore { get; } = metastore;

    public WorkspaceTree Workspace { get; } = workspace;
}
