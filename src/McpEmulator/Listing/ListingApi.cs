using System.Security.Cryptography;
using System.Text;
using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Datasets;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Listing;

/// <summary>
/// The listing extensions the worker's drift check uses: one call (a page) lists a tenant's notebooks, the tables of its
/// catalog or its jobs, with what tells a changed object from ours (content hash, table version, job settings).
/// </summary>
internal static class ListingApi
{
    public static IEndpointRouteBuilder MapListingApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(ConnectorRoutes.Notebooks + "/{tenant_id}/list", Notebooks)
            .IsConnectorOperation(ConnectorOperations.NotebooksList).IsExtension();
        routes.MapGet(ConnectorRoutes.Catalogs + "/{tenant_id}/tables", Tables)
            .IsConnectorOperation(ConnectorOperations.CatalogsTables).IsExtension();
        routes.MapGet(ConnectorRoutes.Jobs + "/{tenant_id}/list", Jobs)
            .IsConnectorOperation(ConnectorOperations.JobsTenantList).IsExtension();
        return routes;
    }

    private static Ok<NotebookListing> Notebooks(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromQuery(Name = "page_size")] int? pageSize,
        [FromQuery(Name = "page_token")] string? pageToken, ConnectorCall call)
    {
        var notebooks = call.Tenant(tenantId).Workspace.Notebooks();
        var (page, next) = ListingPage.Take(notebooks, notebook => notebook.Path, pageSize, pageToken);
        return TypedResults.Ok(new NotebookListing(
            page.Select(notebook => new ListedNotebook(
                notebook.Path, notebook.ObjectId, notebook.Language!, notebook.ModifiedAt, Sha256(notebook.Content ?? ""))).ToList(),
            next));
    }

    /// <summary>Like every dataset call, refused with 404 CATALOG_DOES_NOT_EXIST while the tenant has no catalog.</summary>
    private static Ok<TableListing> Tables(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromQuery(Name = "page_size")] int? pageSize,
        [FromQuery(Name = "page_token")] string? pageToken, ConnectorCall call, DatasetStore store)
    {
        var catalog = call.Tenant(tenantId).Metastore.RequireCatalog();
        var (page, next) = ListingPage.Take(store.InCatalog(tenantId, catalog), table => table.FullName, pageSize, pageToken);
        return TypedResults.Ok(new TableListing(
            page.Select(table => new ListedTable(
                table.FullName, table.TableName, table.Version, table.Parquet.LongLength, table.Shape.RowCount, table.LastModified.ToString("O"))).ToList(),
            next));
    }

    /// <summary>Keyed by the job id padded to a fixed width, so ordinal order is numeric order.</summary>
    private static Ok<JobListing> Jobs(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromQuery(Name = "page_size")] int? pageSize,
        [FromQuery(Name = "page_token")] string? pageToken, ConnectorCall call, JobStore jobs, WorkspaceUrls urls)
    {
        var (page, next) = ListingPage.Take(jobs.Find(call.RequireTenantId(tenantId), name: null), job => job.JobId.ToString("D20"), pageSize, pageToken);
        return TypedResults.Ok(new JobListing(
            page.Select(job => new JobDetails(
                job.JobId, job.Settings.Name, urls.Job(job.JobId), job.CreatedTime, job.Settings.Tasks, job.Settings.Schedule, job.TenantId)).ToList(),
            next));
    }

    private static string Sha256(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));
}
