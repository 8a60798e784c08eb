using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Datasets;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentProvision.McpEmulator.Vectors;

/// <summary>
/// Vector Search indexes over a tenant's dataset table: create, put vectors in (an extension: the original contract
/// has no way to), search by cosine similarity, delete.
/// </summary>
internal static class VectorsApi
{
    public static WebApplicationBuilder AddVectors(this WebApplicationBuilder builder)
    {
        builder.Services.AddEmulatorState<VectorIndexes>();
        return builder;
    }

    public static IEndpointRouteBuilder MapVectorsApi(this IEndpointRouteBuilder routes)
    {
        var index = ConnectorRoutes.VectorIndexes + "/{name}";
        routes.MapPost(ConnectorRoutes.VectorIndexes, Create).IsConnectorOperation(ConnectorOperations.VectorsCreate);
        routes.MapPost(index + "/vectors", Upsert).IsConnectorOperation(ConnectorOperations.VectorsUpsert).IsExtension();
        routes.MapPost(index + "/search", Search).IsConnectorOperation(ConnectorOperations.VectorsSearch);
        routes.MapDelete(index, Delete).IsConnectorOperation(ConnectorOperations.VectorsDelete);
        return routes;
    }

    private static Ok<VectorIndexInfo> Create(
        CreateVectorIndexRequest request, ConnectorCall call, DatasetStore datasets, VectorIndexes indexes)
    {
        var catalog = call.Tenant(request.TenantId).Metastore.RequireCatalog();
        if (string.IsNullOrWhiteSpace(request.SourceTable) || request.SourceTable.Split('.').Length != 3)
        {
            throw ConnectorException.InvalidParameter(
                $"source_table must be a full table name 'catalog.schema.table', got '{request.SourceTable}'.");
        }

        // Only the tenant's own tables, and only in the catalog it has now: another tenant's table is as good as missing.
        var inTenantCatalog = request.SourceTable.StartsWith(catalog + ".", StringComparison.OrdinalIgnoreCase);
        if (!inTenantCatalog || !datasets.Exists(request.TenantId, request.SourceTable))
        {
            throw DatasetStore.DoesNotExist(request.SourceTable.ToLowerInvariant());
        }

        return TypedResults.Ok(indexes.Create(request));
    }

    private static Ok<VectorsUpserted> Upsert(string name, UpsertVectorsRequest request, ConnectorCall call, VectorIndexes indexes)
    {
        call.MentionTenant(indexes.Get(name).TenantId);
        return TypedResults.Ok(indexes.Upsert(name, request.Vectors));
    }

    private static Ok<SearchVectorsResponse> Search(string name, SearchVectorsRequest request, ConnectorCall call, VectorIndexes indexes)
    {
        var index = indexes.Get(name);
        call.MentionTenant(index.TenantId);
        return TypedResults.Ok(index.Search(request.QueryVector, request.NumResults));
    }

    private static Ok<Acknowledged> Delete(string name, ConnectorCall call, VectorIndexes indexes)
    {
        call.MentionTenant(indexes.Delete(name));
        return TypedResults.Ok(new Acknowledged("deleted"));
    }
}
