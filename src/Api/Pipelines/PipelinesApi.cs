using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using AgentProvision.Api.Auth;
using AgentProvision.Api.Sync;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Pipelines;
using AgentProvision.Persistence.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Pipelines;

/// <summary>
/// Data pipelines at the original's path (seed-contract.md §2.4): CRUD of a DAG of tasks with an optional schedule,
/// validated up front and synced as one Databricks job (kind <c>pipeline</c>). Added: PATCH, remote delete, retry.
/// </summary>
public static class PipelinesApi
{
    private const string NotFoundDetail = "Data pipeline not found";

    public static RouteGroupBuilder MapPipelinesApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/data_pipelines").WithTags("Data pipelines").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/", Create).WithName("CreateDataPipeline")
            .WithSummary("Creates a data pipeline and syncs it to Databricks.");
        group.MapGet("/", List).WithName("ListDataPipelines")
            .WithSummary("Lists the tenant's data pipelines, newest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:guid}", Get).WithName("GetDataPipeline")
            .WithSummary("Gets a data pipeline.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("/{id:guid}", Update).WithName("UpdateDataPipeline")
            .WithSummary("Changes a data pipeline and syncs the change.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:guid}", Update).WithName("PatchDataPipeline")
            .WithSummary("Changes a data pipeline and syncs the change (as PUT does).")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteDataPipeline")
            .WithSummary("Deletes a data pipeline here and, in the background, in Databricks.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/retry", Retry).WithName("RetryDataPipelineSync")
            .WithSummary("Retries a data pipeline whose sync failed.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal static async Task<Results<Created<PipelineResponse>, ValidationProblem>> Create(
        CreatePipelineRequest request, ClaimsPrincipal user, [AsParameters] PipelineServices services, CancellationToken cancellationToken)
    {
        var errors = PipelineValidation.Validate(request);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var now = services.Clock.GetUtcNow();
        var pipeline = new DataPipeline
        {
            Id = Guid.CreateVersion7(),
            TenantId = user.GetTenantId(),
            Name = request.Name!.Trim(),
            Description = request.Description,
            Config = request.Config!.Value.GetRawText(),
            CreatedAt = now,
            UpdatedAt = now,
        };
        services.Db.DataPipelines.Add(pipeline);
        services.Db.RequestSyncOrKeepLocal(pipeline, services.Mcp, services.Clock);
        await services.Db.SaveInOneRoundTripAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/data_pipelines/{pipeline.Id}", PipelineResponse.From(pipeline));
    }

    internal static async Task<Ok<PipelineResponse[]>> List(
        ClaimsPrincipal user, [AsParameters] PipelineServices services, CancellationToken cancellationToken,
        [FromQuery] int skip = 0, [FromQuery] int limit = 100)
    {
        var pipelines = await services.Db.DataPipelines.AsNoTracking()
            .Where(p => p.TenantId == user.GetTenantId() && p.DeletedAt == null)
            .OrderByDescending(p => p.CreatedAt)
            .ThenByDescending(p => p.Id)
            .Skip(Math.Max(skip, 0))
            .Take(Math.Clamp(limit, 1, 500))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(pipelines.Select(PipelineResponse.From).ToArray());
    }

    internal static async Task<Results<Ok<PipelineResponse>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, [AsParameters] PipelineServices services, CancellationToken cancellationToken)
    {
        var pipeline = await FindAsync(id, user, services, cancellationToken);
        return pipeline is null ? NotFound() : TypedResults.Ok(PipelineResponse.From(pipeline));
    }

    /// <summary>
    /// PUT and PATCH alike: the fields given are changed, a config given replaces the whole config. Any real change is
    /// a new generation; the worker pushes the job's settings only when tasks or schedule changed (a rename costs no call).
    /// </summary>
    private static async Task<Results<Ok<PipelineResponse>, ValidationProblem, ProblemHttpResult>> Update(
        Guid id, UpdatePipelineRequest request, ClaimsPrincipal user, [AsParameters] PipelineServices services, CancellationToken cancellationToken)
    {
        var errors = PipelineValidation.Validate(request);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var pipeline = await FindAsync(id, user, services, cancellationToken);
        if (pipeline is null)
        {
            return NotFound();
        }

        var changed = false;
        if (request.Name?.Trim() is { } name && name != pipeline.Name)
        {
            pipeline.Name = name;
            changed = true;
        }

        if (request.Description is { } description && description != pipeline.Description)
        {
            pipeline.Description = description;
            changed = true;
        }

        if (request.Config is { } config && !SameJson(config, pipeline.Config))
        {
            pipeline.Config = config.GetRawText();
            changed = true;
        }

        if (!changed)
        {
            // Nothing changed: no new generation, no sync.
            return TypedResults.Ok(PipelineResponse.From(pipeline));
        }

        pipeline.Generation++;
        services.Db.RequestSyncOrKeepLocal(pipeline, services.Mcp, services.Clock);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(PipelineResponse.From(pipeline));
    }

    /// <summary>
    /// Hides the pipeline at once and deletes its Databricks job in the background (202); the row stays, in
    /// <c>deleting</c>, until the job is gone. A pipeline that was never synced is gone at once (204).
    /// </summary>
    private static async Task<Results<Accepted<PipelineResponse>, NoContent, ProblemHttpResult>> Delete(
        Guid id, ClaimsPrincipal user, [AsParameters] PipelineServices services, CancellationToken cancellationToken)
    {
        var pipeline = await FindAsync(id, user, services, cancellationToken);
        if (pipeline is null)
        {
            return NotFound();
        }

        var now = services.Clock.GetUtcNow();
        pipeline.DeletedAt = now;
        pipeline.Generation++;
        if (pipeline.SyncStatus == SyncStatus.LocalOnly || !services.Mcp.IsEnabledFor(pipeline.TenantId))
        {
            pipeline.SyncStatus = SyncStatus.Deleted;
            pipeline.NextAttemptAt = null;
            pipeline.UpdatedAt = now;
            await services.Db.SaveChangesAsync(cancellationToken);
            return TypedResults.NoContent();
        }

        services.Db.RequestSync(pipeline, services.Clock, services.Mcp.SyncDeadline);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/data_pipelines/{id}", PipelineResponse.From(pipeline));
    }

    /// <summary>
    /// Puts a failed pipeline back in line, with a fresh attempt budget. After <c>JOB_OUTCOME_UNKNOWN</c> the failure
    /// asked the operator to check the workspace for the job (and delete it if there); retrying says that was done, so
    /// the create in doubt is forgotten and the job is created again.
    /// </summary>
    internal static async Task<Results<Accepted<PipelineResponse>, ProblemHttpResult>> Retry(
        Guid id, ClaimsPrincipal user, [AsParameters] PipelineServices services, CancellationToken cancellationToken)
    {
        var pipeline = await FindAsync(id, user, services, cancellationToken);
        if (pipeline is null)
        {
            return NotFound();
        }

        if (SyncRetry.RefuseUnlessFailed(pipeline, "data pipeline") is { } refused)
        {
            return refused;
        }

        if (pipeline.LastErrorCode == PipelineMetadata.OutcomeUnknownCode)
        {
            pipeline.Metadata = PipelineMetadata.WithoutCreateSent(pipeline.Metadata);
        }

        services.Db.RequestSync(pipeline, services.Clock, services.Mcp.SyncDeadline);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"/api/v1/data_pipelines/{id}", PipelineResponse.From(pipeline));
    }

    /// <summary>Scoped to the caller's tenant: another tenant's pipeline is simply not found.</summary>
    private static Task<DataPipeline?> FindAsync(Guid id, ClaimsPrincipal user, PipelineServices services, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        return services.Db.DataPipelines.FindLiveAsync(tenantId, id, cancellationToken);
    }

    /// <summary>Equal as JSON (key order and number spelling aside): jsonb gives back its own spelling of what was stored.</summary>
    private static bool SameJson(JsonElement given, string stored) =>
        JsonNode.DeepEquals(JsonNode.Parse(given.GetRawText()), JsonNode.Parse(stored));

    /// <summary>The original's 404 detail, for another tenant's id as well.</summary>
    private static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: NotFoundDetail);
}
