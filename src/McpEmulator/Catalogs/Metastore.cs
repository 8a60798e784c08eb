using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Catalogs;

/// <summary>
/// One tenant's Unity Catalog metastore. The MCP contract gives a tenant exactly one catalog (get_catalog_status takes
/// only the tenant id), with the medallion schemas the original server reports.
/// </summary>
internal sealed class Metastore(string tenantId, ObjectIds ids, ObjectLedger ledger)
{
    public static readonly IReadOnlyList<string> Schemas = ["default", "bronze", "silver", "gold"];

    private readonly Lock _gate = new();
    private string? _catalogName;

    /// <summary>The tenant's catalog name, as stored (lower case), or null.</summary>
    public string? CatalogName
    {
        get
        {
            lock (_gate)
            {
                return _catalogName;
            }
        }
    }

    /// <summary>Creates the tenant's catalog; any second create is a conflict, whether of the same name or another.</summary>
    public string Create(string? name)
    {
        var storedName = Catalogs.CatalogName.Normalize(name);
        lock (_gate)
        {
            if (_catalogName == storedName)
            {
                throw new ConnectorException(
                    StatusCodes.Status409Conflict, ConnectorErrorCodes.ResourceAlreadyExists, $"Catalog '{storedName}' already exists");
            }

            if (_catalogName is not null)
            {
                throw new ConnectorException(
                    StatusCodes.Status409Conflict, ConnectorErrorCodes.ResourceAlreadyExists,
                    $"Tenant {tenantId} already has catalog '{_catalogName}'; a tenant has exactly one catalog, so '{storedName}' was not created.");
            }

            _catalogName = storedName;
            ledger.Created(tenantId, ObjectKinds.Catalog, storedName, ids.Next());
            return storedName;
        }
    }

    /// <summary>The catalog that tables, endpoints and indexes of this tenant live in; refused until it is created.</summary>
    public string RequireCatalog()
        => CatalogName ?? throw new ConnectorException(
            StatusCodes.Status404NotFound, ConnectorErrorCodes.CatalogDoesNotExist,
            $"Tenant {tenantId} has no catalog. Create the catalog first (POST {ConnectorRoutes.Catalogs}).");
}
