namespace AgentProvision.Contracts.Connector;

/// <summary><c>POST catalogs</c>: create a tenant's Unity Catalog catalog. Names are stored lower-case.</summary>
public sealed record CreateCatalogRequest(string TenantId, string Name, string? Comment = null);

/// <summary>Databricks' CatalogInfo (the fields we use); answered by create and by <c>GET catalogs/{name}?tenant_id=</c>.</summary>
public sealed record CatalogInfo(
    string Name,
    string FullName,
    string CatalogType,
    string? Comment,
    long CreatedAt,
    long UpdatedAt);
