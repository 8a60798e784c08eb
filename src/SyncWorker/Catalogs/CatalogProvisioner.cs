using System.Text.Json;
using AgentProvision.Connector;
using AgentProvision.Contracts.Connector;
using AgentProvision.Persistence.Entities;
using AgentProvision.SyncWorker.Sync;

namespace AgentProvision.SyncWorker.Catalogs;

/// <summary>
/// Creates the tenant's catalog with the original's name. Catalog names are unique, so a create after a lost answer
/// meets "already exists"; the connector's catalog status then confirms it is ours and it is adopted.
/// </summary>
public sealed class CatalogProvisioner(ConnectorClient connector, ILogger<CatalogProvisioner> logger) : IResourceProvisioner<TenantCatalog>
{
    public async Task<string> EnsureAsync(TenantCatalog catalog, CancellationToken cancellationToken)
    {
        var tenantId = catalog.TenantId.ToString();
        try
        {
            var created = await connector.CreateCatalogAsync(
                new CreateCatalogRequest(tenantId, catalog.CatalogName, $"Catalog for tenant {tenantId}"), cancellationToken);
            return Metadata(created.CatalogName, created.Schemas, created.CatalogUrl);
        }
        catch (ConnectorException exists) when (exists.IsAlreadyExists)
        {
            var status = await connector.GetCatalogStatusAsync(tenantId, cancellationToken);
            if (!status.Exists || !string.Equals(status.CatalogName, catalog.CatalogName, StringComparison.OrdinalIgnoreCase))
            {
                throw new PermanentSyncFailure("CATALOG_CONFLICT",
                    $"The connector refused catalog '{catalog.CatalogName}' as already existing ({exists.ConnectorMessage}), but reports the " +
                    $"tenant's catalog as '{status.CatalogName ?? "none"}'. Resolve it in Databricks, then call POST /api/v1/databricks/initialize again.");
            }

            logger.LogInformation("Adopting existing catalog {Catalog} for tenant {TenantId}", status.CatalogName, tenantId);
            return Metadata(catalog.CatalogName, status.Schemas, status.CatalogUrl);
        }
    }

    /// <summary>The contract has no catalog delete (nor does the API remove catalogs): the remote catalog stays.</summary>
    public Task<string> RemoveAsync(TenantCatalog catalog, CancellationToken cancellationToken) => Task.FromResult(catalog.Metadata);

    private static string Metadata(string catalogName, IReadOnlyList<string>? schemas, string? catalogUrl) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["databricks_enabled"] = true,
            ["databricks_catalog"] = catalogName,
            ["schemas"] = schemas ?? [],
            ["catalog_url"] = catalogUrl,
        });
}
