using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Tenants;

namespace AgentProvision.McpEmulator.Catalogs;

/// <summary>One tenant's Unity Catalog metastore: its catalogs, looked up case-insensitively like Databricks.</summary>
internal sealed class Metastore(string tenantId, ObjectIds ids, ObjectLedger ledger, TimeProvider clock)
{
    private const string ManagedCatalog = "MANAGED_CATALOG";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, CatalogInfo> _catalogs = new(StringComparer.Ordinal);

    public CatalogInfo Create(string? name, string? comment)
    {
        var storedName = CatalogName.Normalize(name);
        lock (_gate)
        {
            if (_catalogs.ContainsKey(storedName))
            {
                throw new ConnectorException(
                    StatusCodes.Status409Conflict, ConnectorErrorCodes.ResourceAlreadyExists, $"Catalog '{storedName}' already exists");
            }

            var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
            var catalog = new CatalogInfo(storedName, storedName, ManagedCatalog, comment, now, now);
            _catalogs.Add(storedName, catalog);
            ledger.Created(tenantId, ObjectKinds.Catalog, storedName, ids.Next());
            return catalog;
        }
    }

    public CatalogInfo Get(string name)
    {
        var storedName = name.ToLowerInvariant();
        lock (_gate)
        {
            return _catalogs.TryGetValue(storedName, out var catalog) ? catalog : throw DoesNotExist(storedName);
        }
    }

    public void Delete(string name)
    {
        var storedName = name.ToLowerInvariant();
        lock (_gate)
        {
            if (!_catalogs.Remove(storedName))
            {
                throw DoesNotExist(storedName);
            }

            ledger.Deleted(tenantId, ObjectKinds.Catalog, storedName);
        }
    }

    private static ConnectorException DoesNotExist(string name)
        => new(StatusCodes.Status404NotFound, ConnectorErrorCodes.CatalogDoesNotExist, $"Catalog '{name}' does not exist.");
}
