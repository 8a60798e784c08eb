using AgentProvision.Contracts.Connector;
using static AgentProvision.Contracts.Connector.ConnectorRoutes;

namespace AgentProvision.Connector;

/// <summary>
/// The listing extensions (docs/connector-contract.md, "Listings"): one page of a tenant's notebooks, catalog tables or
/// jobs per call, for the drift check. On a server without one, the call answers <see cref="Extension{T}.Unsupported"/>
/// and the drift check of that kind is off (said once in the log).
/// </summary>
public sealed partial class ConnectorClient
{
    private const string NoDriftCheck = "resources of this kind changed or deleted in Databricks out of band are not found by the drift check; " +
        "they are repaired only when they change here";

    public Task<Extension<NotebookListing>> ListNotebooksAsync(string tenantId, int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        ExtensionAsync(ConnectorExtensions.NotebookList, NoDriftCheck,
            () => GetAsync<NotebookListing>(NotebookList(tenantId) + ListingPages.Query(pageSize, pageToken), cancellationToken));

    /// <summary>A tenant without a catalog answers 404 CATALOG_DOES_NOT_EXIST (a <see cref="ConnectorException"/>), as every dataset call does.</summary>
    public Task<Extension<TableListing>> ListTablesAsync(string tenantId, int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        ExtensionAsync(ConnectorExtensions.TableList, NoDriftCheck,
            () => GetAsync<TableListing>(CatalogTables(tenantId) + ListingPages.Query(pageSize, pageToken), cancellationToken));

    public Task<Extension<JobListing>> ListJobsAsync(string tenantId, int pageSize, string? pageToken, CancellationToken cancellationToken) =>
        ExtensionAsync(ConnectorExtensions.JobList, NoDriftCheck,
            () => GetAsync<JobListing>(TenantJobList(tenantId) + ListingPages.Query(pageSize, pageToken), cancellationToken));
}
