using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Catalogs;

/// <summary>Unity Catalog catalogs: create, get, delete. Refusals are thrown by <see cref="Metastore"/> as Databricks answers them.</summary>
internal static class CatalogsApi
{
    public static IEndpointRouteBuilder MapCatalogsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ConnectorRoutes.Catalogs, Create).IsConnectorOperation(ConnectorOperations.CatalogsCreate);
        routes.MapGet(ConnectorRoutes.Catalogs + "/{name}", Get).IsConnectorOperation(ConnectorOperations.CatalogsGet);
        routes.MapDelete(ConnectorRoutes.Catalogs + "/{name}", Delete).IsConnectorOperation(ConnectorOperations.CatalogsDelete);
        return routes;
    }

    private static Ok<CatalogInfo> Create(CreateCatalogRequest request, ConnectorCall call)
        => TypedResults.Ok(call.Tenant(request.TenantId).Metastore.Create(request.Name, request.Comment));

    private static Ok<CatalogInfo> Get(string name, [FromQuery(Name = "tenant_id")] string? tenantId, ConnectorCall call)
        => TypedResults.Ok(call.Tenant(tenantId).Metastore.Get(name));

    private static Ok<EmptyBody> Delete(string name, [FromQuery(Name = "tenant_id")] string? tenantId, ConnectorCall call)
    {
        call.Tenant(tenantId).Metastore.Delete(name);
        return TypedResults.Ok(EmptyBody.Instance);
    }
}
