namespace AgentProvision.Contracts.Connector;

/// <summary><c>POST /databricks/catalogs</c> (create_tenant_catalog). A second create of the same name answers 409 RESOURCE_ALREADY_EXISTS.</summary>
public sealed record CreateCatalogRequest(string TenantId, string CatalogName, string? Comment = null);

/// <summary>What create answers; the original client reads <c>catalog_name</c>, <c>schemas</c>, <c>catalog_url</c>.</summary>
public sealed record CatalogCreated(
    string CatalogName,
    string? TenantId = null,
    string? Status = null,
    IReadOnlyList<string>? Schemas = null,
    string? CatalogUrl = null);

/// <summary><c>GET /databricks/catalogs/{tenant_id}</c> (get_catalog_status): the tenant's catalog, if any.</summary>
public sealed record CatalogStatus(bool Exists, string? CatalogName = null, IReadOnlyList<string>? Schemas = null, string? CatalogUrl = null);
