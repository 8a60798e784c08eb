using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Catalogs;

/// <summary>create_tenant_catalog and get_catalog_status. Refusals are thrown by <see cref="Metastore"/> as Unity Catalog answers them.</summary>
internal static class CatalogsApi
{
    private const string CreatedStatus = "created";

    public static IEndpointRouteBuilder MapCatalogsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ConnectorRoutes.Catalogs, Create).IsConnectorOperation(ConnectorOperations.CatalogsCreate);
        routes.MapGet(ConnectorRoutes.Catalogs + "/{tenant_id}", Status).IsConnectorOperation(ConnectorOperations.CatalogsStatus);
        return routes;
    }

    private static Ok<CatalogCreated> Create(CreateCatalogRequest request, ConnectorCall call, WorkspaceUrls urls)
    {
        var name = call.Tenant(request.TenantId).Metastore.Create(request.CatalogName);
        return TypedResults.Ok(new CatalogCreated(name, request.TenantId, CreatedStatus, Metastore.Schemas, urls.Catalog(name)));
    }

    /// <summary>No catalog is an answer, not an error: 200 with <c>exists: false</c>.</summary>
    private static Ok<CatalogStatus> Status(
        [FromRoute(Name = "tenant_id")] string tenantId, ConnectorCall call, WorkspaceUrls urls)
        => TypedResults.Ok(call.Tenant(tenantId).Metastore.CatalogName is { } name
            ? new CatalogStatus(true, name, Metastore.Schemas, urls.Catalog(name))
            : new CatalogStatus(false));
}
