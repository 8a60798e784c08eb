using System.Security.Claims;
using AgentProvision.Api.Auth;
using AgentProvision.Api.Sync;
using AgentProvision.Datasets.Ingest;
using AgentProvision.Datasets.Query;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Resilience;
using AgentProvision.Persistence.Sync;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// Datasets at the original's paths (seed-contract.md §2.2): upload a CSV or ingest JSON records, read them back, query
/// them with SQL, and follow their sync to Databricks. Added: re-upload, rename, delete (local and remote), retry.
/// </summary>
public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/datasets").WithTags("Datasets").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/upload", Upload).WithName("UploadDataset").DisableAntiforgery()
            .WithSummary("Creates a dataset from an uploaded CSV file.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/ingest", Ingest).WithName("IngestDataset")
            .WithSummary("Creates a dataset from JSON records.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        group.MapGet("/", List).WithName("ListDatasets")
            .WithSummary("Lists the tenant's datasets, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", Get).WithName("GetDataset")
            .WithSummary("Gets a dataset.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}/upload", Reupload).WithName("ReuploadDataset").DisableAntiforgery()
            .WithSummary("Replaces a dataset's data with a new CSV upload and syncs it again.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPatch("/{id:guid}", Update).WithName("UpdateDataset")
            .WithSummary("Changes a dataset's name or description.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", Update).WithName("ReplaceDatasetDetails")
            .WithSummary("Changes a dataset's name or description (as PATCH does).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteDataset")
            .WithSummary("Deletes a dataset here and, in the background, in Databricks.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/preview", Preview).WithName("PreviewDataset")
            .WithSummary("Gets a dataset's sample rows.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/summary", Summary).WithName("SummarizeDataset")
            .WithSummary("Gets a dataset's numeric column summary.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/schema", Schema).WithName("DescribeDataset")
            .WithSummary("Gets a dataset's columns, sample values and row count.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/query", Query).WithName("QueryDataset")
            .WithSummary("Runs a read-only SQL query over a dataset.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/databricks/status", Status).WithName("DatasetDatabricksStatus")
            .WithSummary("Gets a dataset's sync state with Databricks.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/sync", Sync).WithName("SyncDataset")
            .WithSummary("Puts a failed or local-only dataset back in line to sync to Databricks.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{id:guid}/retry", Retry).WithName("RetryDatasetSync")
            .WithSummary("Retries a dataset whose sync failed.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    /// <summary>Multipart <c>file</c>, <c>name</c>, <c>description</c>; optional <c>?delimiter=,|;|tab</c> (detected otherwise).</summary>
    internal static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> Upload(
        HttpContext http, ClaimsPrincipal user, [AsParameters] DatasetServices services, [FromQuery] string? delimiter, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        using var upload = await ReadUploadAsync(http, tenantId, services, delimiter, cancellationToken);
        var errors = DatasetValidation.ValidateNew(upload.Field("name"), upload.Field("description"), requireFile: upload.Parquet is null);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var details = new DatasetWriter.Details(upload.Field("name")!.Trim(), upload.Field("description"), "csv_upload", upload.FileName);
        var dataset = await DatasetWriter.CreateAsync(services, tenantId, details, upload.Parquet!, upload.Ingested!, cancellationToken);
        return TypedResults.Created($"/api/v1/datasets/{dataset.Id}", DatasetResponse.From(dataset));
    }

    /// <summary>A new upload for an existing dataset: new data, a new generation, re-synced.</summary>
    private static async Task<Results<Ok<DatasetResponse>, ValidationProblem, ProblemHttpResult>> Reupload(
        Guid id, HttpContext http, ClaimsPrincipal user, [AsParameters] DatasetServices services, [FromQuery] string? delimiter, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(id, user, services, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }

        using var upload = await ReadUploadAsync(http, dataset.TenantId, services, delimiter, cancellationToken);
        var errors = DatasetValidation.ValidateUpdate(upload.Field("name"), upload.Field("description"));
        if (upload.Parquet is null)
        {
            errors.Add("file", "Send the new CSV in the form field 'file'.");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        dataset.Name = upload.Field("name")?.Trim() ?? dataset.Name;
        dataset.Description = upload.Field("description") ?? dataset.Description;
        await DatasetWriter.ReplaceDataAsync(services, dataset, upload.FileName, upload.Parquet!, upload.Ingested!, cancellationToken);
        return TypedResults.Ok(DatasetResponse.From(dataset));
    }

    private static async Task<Results<Created<DatasetResponse>, ValidationProblem, ProblemHttpResult>> Ingest(
        IngestRecordsRequest request, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken)
    {
        var errors = DatasetValidation.ValidateNew(request.Name, request.Description, requireFile: false);
        DatasetValidation.ValidateSourceType(request.SourceType, errors);
        DatasetValidation.ValidateRecords(request.Records, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var tenantId = user.GetTenantId();
        using var parquet = services.Storage.Stage(tenantId);
        var ingested = await RecordsIngest.WriteParquetAsync(request.Records ?? [], parquet.Path, services.Datasets.Ingest, services.Logger, cancellationToken);
        var details = new DatasetWriter.Details(request.Name!.Trim(), request.Description, request.SourceType ?? "data_agent", FileName: null);
        var dataset = await DatasetWriter.CreateAsync(services, tenantId, details, parquet, ingested, cancellationToken);
        return TypedResults.Created($"/api/v1/datasets/{dataset.Id}", DatasetResponse.From(dataset));
    }

    /// <summary>The tenant's datasets, newest first (the original's order).</summary>
    internal static async Task<Ok<DatasetResponse[]>> List(
        ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken,
        [FromQuery] int skip = 0, [FromQuery] int limit = 100)
    {
        var tenantId = user.GetTenantId();
        var datasets = await services.Db.Datasets.AsNoTracking()
            .Where(d => d.TenantId == tenantId && d.DeletedAt == null)
            .OrderByDescending(d => d.CreatedAt)
            .Skip(Math.Max(skip, 0))
            .Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(datasets.Select(DatasetResponse.From).ToArray());
    }

    internal static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken) =>
        await FindAsync(id, user, services, cancellationToken) is { } dataset ? TypedResults.Ok(DatasetResponse.From(dataset)) : NotFound(id);

    private static async Task<Results<Ok<DatasetResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdateDatasetRequest request, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken)
    {
        var errors = DatasetValidation.ValidateUpdate(request.Name, request.Description);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var dataset = await FindAsync(id, user, services, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }

        var before = (dataset.Name, dataset.Description);
        dataset.Name = request.Name?.Trim() ?? dataset.Name;
        dataset.Description = request.Description ?? dataset.Description;
        if (before == (dataset.Name, dataset.Description))
        {
            return TypedResults.Ok(DatasetResponse.From(dataset));
        }

        // A changed name is a new generation (DESIGN.md §3). The Databricks table is named from the id, so its sync
        // finds the data already there and costs no upload.
        dataset.Generation++;
        services.Db.RequestSyncOrKeepLocal(dataset, services.Mcp, services.Clock);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(DatasetResponse.From(dataset));
    }

    /// <summary>
    /// Hides the dataset at once and deletes its file; its Databricks table is dropped in the background (202), the row
    /// staying in <c>deleting</c> until then. A dataset that never reached Databricks is simply gone (204).
    /// </summary>
    internal static async Task<Results<Accepted<DatasetResponse>, NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(id, user, services, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }

        var now = services.Clock.GetUtcNow();
        dataset.DeletedAt = now;
        dataset.Generation++;
        var remote = dataset.SyncStatus != SyncStatus.LocalOnly && services.Mcp.IsEnabledFor(dataset.TenantId);
        if (remote)
        {
            services.Db.RequestSync(dataset, services.Clock, services.Mcp.SyncDeadline);
        }
        else
        {
            dataset.SyncStatus = SyncStatus.Deleted;
            dataset.NextAttemptAt = null;
            dataset.UpdatedAt = now;
        }

        await services.Db.SaveChangesAsync(cancellationToken);
        // Only after the commit: had it failed, the dataset would still need its file. If this delete fails, the sweep retries it.
        await services.Storage.DeleteAsync(dataset.StorageKey, CancellationToken.None);
        return remote
            ? TypedResults.Accepted($"/api/v1/datasets/{id}", DatasetResponse.From(dataset))
            : TypedResults.NoContent();
    }

    private static async Task<Results<Ok<DatasetPreviewResponse>, ProblemHttpResult>> Preview(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken) =>
        await FindAsync(id, user, services, cancellationToken) is { } dataset
            ? TypedResults.Ok(new DatasetPreviewResponse(dataset.Id, dataset.Name, dataset.RowCount, DatasetResponse.Json(dataset.SampleRows)))
            : NotFound(id);

    internal static async Task<Results<Ok<DatasetSummaryResponse>, ProblemHttpResult>> Summary(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken) =>
        await FindAsync(id, user, services, cancellationToken) is { } dataset
            ? TypedResults.Ok(new DatasetSummaryResponse(DatasetResponse.Json(dataset.NumericSummary)))
            : NotFound(id);

    private static async Task<Results<Ok<DatasetSchemaResponse>, ProblemHttpResult>> Schema(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(id, user, services, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }

        if (await services.Storage.LocalPathAsync(dataset.StorageKey, cancellationToken) is not { } path)
        {
            return StorageMissing(id);
        }

        try
        {
            var schema = await Task.Run(() => DatasetSchemaReader.Read(path, services.Datasets.Query, cancellationToken), cancellationToken);
            return TypedResults.Ok(new DatasetSchemaResponse(schema.Columns, schema.SampleValues, schema.RowCount));
        }
        catch (FileNotFoundException)
        {
            return StorageMissing(id);
        }
    }

    internal static async Task<Results<Ok<DatasetQueryResponse>, ValidationProblem, ProblemHttpResult>> Query(
        Guid id, DatasetQueryRequest request, ClaimsPrincipal user, [AsParameters] DatasetServices services,
        DatasetQueryRunner runner, CancellationToken cancellationToken)
    {
        var errors = DatasetValidation.ValidateQuery(request);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var limit = request.Limit ?? 100;

        var dataset = await FindAsync(id, user, services, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }

        return await runner.RunAsync(dataset, request.Sql, limit, cancellationToken) is { } answer
            ? TypedResults.Ok(answer)
            : StorageMissing(id);
    }

    private static async Task<Results<Ok<DatasetStatusResponse>, ProblemHttpResult>> Status(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken) =>
        await FindAsync(id, user, services, cancellationToken) is { } dataset
            ? TypedResults.Ok(DatasetStatusResponse.From(dataset))
            : NotFound(id);

    /// <summary>
    /// The original's "sync now" (202). Puts a failed or local-only dataset back in line; a dataset already in line or
    /// in sync needs nothing, and the answer says so.
    /// </summary>
    private static async Task<Results<Accepted<DatasetSyncResponse>, ProblemHttpResult>> Sync(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(id, user, services, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }

        if (services.Mcp.DisabledReasonFor(dataset.TenantId) is { } reason)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Databricks integration is not enabled",
                detail: $"{reason}. The dataset stays local; it syncs once the integration is enabled and POST /api/v1/databricks/initialize is called.");
        }

        var message = "Sync triggered successfully";
        if (dataset.SyncStatus is SyncStatus.Failed or SyncStatus.LocalOnly)
        {
            await services.Db.InRetryableTransactionAsync(async token =>
            {
                await services.Db.EnsureCatalogRequestedAsync(dataset.TenantId, services.Mcp, services.Clock, token);
                services.Db.RequestSync(dataset, services.Clock, services.Mcp.SyncDeadline);
                await services.Db.SaveChangesAsync(token);
            }, cancellationToken);
        }
        else
        {
            message = dataset.SyncStatus == SyncStatus.Synced ? "Already in sync; nothing to do" : "Sync already in progress";
        }

        return TypedResults.Accepted($"/api/v1/datasets/{id}/databricks/status",
            new DatasetSyncResponse(message, dataset.SyncStatus.ToName(), SyncBlock.From(dataset)));
    }

    /// <summary>Puts a failed dataset back in line, with a fresh attempt budget (as for every kind).</summary>
    internal static async Task<Results<Accepted<DatasetResponse>, ProblemHttpResult>> Retry(
        Guid id, ClaimsPrincipal user, [AsParameters] DatasetServices services, CancellationToken cancellationToken)
    {
        var dataset = await FindAsync(id, user, services, cancellationToken);
        if (dataset is null)
        {
            return NotFound(id);
        }

        if (SyncRetry.RefuseUnlessFailed(dataset, "dataset") is { } refused)
        {
            return refused;
        }

        services.Db.RequestSync(dataset, services.Clock, services.Mcp.SyncDeadline);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/datasets/{id}", DatasetResponse.From(dataset));
    }

    private static async Task<MultipartUpload> ReadUploadAsync(
        HttpContext http, Guid tenantId, DatasetServices services, string? delimiter, CancellationToken cancellationToken)
    {
        var limits = DatasetValidation.WithDelimiter(services.Datasets.Ingest, delimiter);
        // The file's own size limit is the ingest's (it names the line it stopped at); the body may carry a little more: the fields.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxBytes + 1024 * 1024;
        }

        return await MultipartUpload.ReadAsync(
            http.Request,
            () => services.Storage.Stage(tenantId),
            (file, path, token) => CsvIngest.WriteParquetAsync(file, path, limits, services.Logger, token),
            services.Datasets.MaxFormFieldBytes,
            cancellationToken);
    }

    /// <summary>Scoped to the caller's tenant: another tenant's dataset is simply not found.</summary>
    private static Task<Dataset?> FindAsync(Guid id, ClaimsPrincipal user, DatasetServices services, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        return services.Db.Datasets.FindLiveAsync(tenantId, id, cancellationToken);
    }

    private static ProblemHttpResult NotFound(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Dataset not found", detail: $"Dataset {id} does not exist.");

    private static ProblemHttpResult StorageMissing(Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Dataset storage not found",
        detail: $"The data file of dataset {id} is missing from storage. Upload the data again (PUT /api/v1/datasets/{id}/upload).");
}
