namespace AgentProvision.Persistence.Entities;

public sealed class Notebook : SyncedResource
{
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Databricks source language: PYTHON, SQL, SCALA or R.</summary>
    public required string Language { get; set; }

    public string Content { get; set; } = "";

    /// <summary>Where the notebook lives in the tenant's workspace; deterministic, so a retried create finds its own object.</summary>
    public static string WorkspacePathFor(Guid tenantId, Guid notebookId) =>
        $"/Shared/agentprovision/{tenantId:N}/notebooks/{notebookId:N}";
}
