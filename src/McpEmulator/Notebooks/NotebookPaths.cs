using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Workspace;

namespace AgentProvision.McpEmulator.Notebooks;

/// <summary>
/// Where the connector puts a tenant's notebooks: <c>/Shared/agentprovision/{tenant_id}/{name}</c>. The caller names a
/// notebook, the connector chooses its path, so one name is always one path (and the lookup extension needs no index).
/// </summary>
internal static class NotebookPaths
{
    public const string Root = "/Shared/agentprovision";

    public static WorkspacePath For(string tenantId, string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('/') || name.Any(char.IsControl))
        {
            throw ConnectorException.InvalidParameter(
                $"name '{name}' is not a valid notebook name: it must be non-empty, without '/' or control characters.");
        }

        return WorkspacePath.Parse($"{Root}/{tenantId}/{name}");
    }

    /// <summary>A <c>path</c> query or body field, checked like Databricks checks workspace paths.</summary>
    public static WorkspacePath Parse(string? path) => WorkspacePath.Parse(path);
}
