namespace AgentProvision.Persistence.Entities;

/// <summary>
/// The tenant's Unity Catalog catalog, recorded by <c>POST /api/v1/databricks/initialize</c> and synced like any
/// resource. One per tenant.
/// </summary>
public sealed class TenantCatalog : SyncedResource, IResourceKind
{
    public static string Kind => "catalog";

    public required string CatalogName { get; set; }

    /// <summary>A new, unsynced catalog record for the tenant, under the original's name.</summary>
    public static TenantCatalog NewFor(Guid tenantId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        TenantId = tenantId,
        CatalogName = NameFor(tenantId),
        CreatedAt = now,
        UpdatedAt = now,
    };

    /// <summary>The original system's name: <c>agentprovision_</c> plus the tenant id with <c>_</c> for <c>-</c>.</summary>
    public static string NameFor(Guid tenantId) => $"agentprovision_{tenantId.ToString("D").Replace('-', '_')}";
}
