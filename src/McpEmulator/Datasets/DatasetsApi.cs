using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Datasets;

/// <summary>
/// Datasets as tables <c>{catalog}.bronze.{dataset_name}</c> of the tenant's catalog: upload Parquet, create from rows,
/// query with real SQL (DuckDB), read metadata, delete. Every call needs the tenant's catalog, as in Unity Catalog.
/// </summary>
internal static class DatasetsApi
{
    private const string SupportedFormat = "parquet";

    public static WebApplicationBuilder AddDatasets(this WebApplicationBuilder builder)
    {
        builder.Services.AddEmulatorState<DatasetStore>();
        builder.Services.AddHostedService<DuckDbWarmUp>();
        return builder;
    }

    public static IEndpointRouteBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ConnectorRoutes.Datasets, Create).IsConnectorOperation(ConnectorOperations.DatasetsCreate);
        routes.MapPost(ConnectorRoutes.DatasetUpload, Upload).IsConnectorOperation(ConnectorOperations.DatasetsUpload);
        routes.MapPost(ConnectorRoutes.DatasetQuery, Query).IsConnectorOperation(ConnectorOperations.DatasetsQuery);
        var dataset = ConnectorRoutes.Datasets + "/{tenant_id}/{dataset_name}";
        routes.MapGet(dataset, Metadata).IsConnectorOperation(ConnectorOperations.DatasetsMetadata);
        routes.MapDelete(dataset, Delete).IsConnectorOperation(ConnectorOperations.DatasetsDelete);
        return routes;
    }

    private static Ok<DatasetTable> Create(CreateDatasetRequest request, ConnectorCall call, DatasetStore store)
    {
        var catalog = call.Tenant(request.TenantId).Metastore.RequireCatalog();
        var tableName = DatasetName.Normalize(request.Name);
        var parquet = RowsToParquet.Write(request.Schema, request.Data);
        var table = store.Create(request.TenantId, catalog, tableName, parquet, ParquetShape.Of(parquet));
        return TypedResults.Ok(table.ToTable("created"));
    }

    private static async Task<Ok<DatasetTable>> Upload(
        HttpRequest request,
        [FromQuery(Name = "tenant_id")] string? tenantId,
        [FromQuery(Name = "dataset_name")] string? datasetName,
        [FromQuery(Name = "format")] string? format,
        ConnectorCall call,
        DatasetStore store)
    {
        var catalog = call.Tenant(tenantId).Metastore.RequireCatalog();
        var tableName = DatasetName.Normalize(datasetName);
        if (format is not null && !string.Equals(format, SupportedFormat, StringComparison.OrdinalIgnoreCase))
        {
            throw ConnectorException.InvalidParameter($"Unsupported format '{format}'; only '{SupportedFormat}' is accepted.");
        }

        var parquet = await UploadedFile.ReadAsync(request);
        var table = store.Replace(tenantId!, catalog, tableName, parquet, ParquetShape.Of(parquet));
        return TypedResults.Ok(table.ToTable("uploaded"));
    }

    private static Ok<QueryDatasetResult> Query(
        QueryDatasetRequest request, ConnectorCall call, DatasetStore store, CancellationToken cancellationToken)
    {
        var catalog = call.Tenant(request.TenantId).Metastore.RequireCatalog();
        var table = store.Get(request.TenantId, catalog, DatasetName.Normalize(request.DatasetName));
        // The original client always sends SQL; this is what it would have sent without one.
        var sql = string.IsNullOrWhiteSpace(request.Sql) ? $"SELECT * FROM {DuckDb.Identifier(table.TableName)} LIMIT 100" : request.Sql;
        return TypedResults.Ok(SandboxedQuery.Run(catalog, store.InCatalog(request.TenantId, catalog), sql, cancellationToken));
    }

    private static Ok<DatasetMetadata> Metadata(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromRoute(Name = "dataset_name")] string datasetName,
        ConnectorCall call, DatasetStore store)
    {
        var catalog = call.Tenant(tenantId).Metastore.RequireCatalog();
        return TypedResults.Ok(store.Get(tenantId, catalog, DatasetName.Normalize(datasetName)).ToMetadata());
    }

    private static Ok<Acknowledged> Delete(
        [FromRoute(Name = "tenant_id")] string tenantId, [FromRoute(Name = "dataset_name")] string datasetName,
        ConnectorCall call, DatasetStore store)
    {
        var catalog = call.Tenant(tenantId).Metastore.RequireCatalog();
        store.Delete(tenantId, catalog, DatasetName.Normalize(datasetName));
        return TypedResults.Ok(new Acknowledged("deleted"));
    }
}
