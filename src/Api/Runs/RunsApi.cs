using System.Globalization;
using System.Security.Claims;
using AgentProvision.Api.Auth;
using AgentProvision.Api.Sync;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Runs;

/// <summary>
/// Runs of notebooks and pipelines at the original's paths: <c>POST /notebooks/{id}/execute</c>,
/// <c>POST /data_pipelines/{id}/run</c> (and the original's <c>/execute</c>), then <c>/runs</c>, <c>/runs/{run_id}</c> and
/// <c>/runs/{run_id}/cancel</c> under either. A request commits the run and its sync message in one transaction and
/// answers 202; the worker submits it to Databricks and its run status poller follows it to its end.
/// </summary>
public static class RunsApi
{
    public const int DefaultPageSize = 25;
    public const int MaxPageSize = 100;

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        var notebooks = routes.MapGroup("/api/v1/notebooks/{id:guid}").WithTags("Runs").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        MapStart(notebooks, "/execute", RunTarget.Notebook, "ExecuteNotebook");
        MapRunRoutes(notebooks, RunTarget.Notebook, "Notebook");

        var pipelines = routes.MapGroup("/api/v1/data_pipelines/{id:guid}").WithTags("Runs").RequireAuthorization()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status404NotFound);
        MapStart(pipelines, "/run", RunTarget.Pipeline, "RunPipeline");
        MapStart(pipelines, "/execute", RunTarget.Pipeline, "ExecutePipeline");
        MapRunRoutes(pipelines, RunTarget.Pipeline, "Pipeline");
        return routes;
    }

    private static void MapStart(RouteGroupBuilder group, string pattern, RunTarget target, string name) =>
        group.MapPost(pattern, (Guid id, HttpRequest request, ClaimsPrincipal user, [AsParameters] RunServices services, CancellationToken cancellationToken) =>
                StartAsync(target, id, request, user, services, cancellationToken))
            .WithName(name)
            .WithSummary($"Starts a run of the {target.Noun.ToLowerInvariant()} in Databricks.")
            .Accepts<RunRequest>(isOptional: true, "application/json")
            .ProducesProblem(StatusCodes.Status409Conflict);

    private static void MapRunRoutes(RouteGroupBuilder group, RunTarget target, string name)
    {
        group.MapGet("/runs", (Guid id, ClaimsPrincipal user, [AsParameters] RunServices services, CancellationToken cancellationToken,
                [FromQuery] int? skip, [FromQuery] int? limit) =>
                ListAsync(target, id, user, services, skip ?? 0, limit ?? DefaultPageSize, cancellationToken))
            .WithName($"List{name}Runs")
            .WithSummary($"Lists the {target.Noun.ToLowerInvariant()}'s runs, newest first.");
        group.MapGet("/runs/{runId}", (Guid id, string runId, ClaimsPrincipal user, [AsParameters] RunServices services, CancellationToken cancellationToken) =>
                GetAsync(target, id, runId, user, services, cancellationToken))
            .WithName($"Get{name}Run")
            .WithSummary($"Gets a run of the {target.Noun.ToLowerInvariant()}, by our id or the Databricks run id.");
        group.MapPost("/runs/{runId}/cancel", (Guid id, string runId, ClaimsPrincipal user, [AsParameters] RunServices services, CancellationToken cancellationToken) =>
                CancelAsync(target, id, runId, user, services, cancellationToken))
            .WithName($"Cancel{name}Run")
            .WithSummary($"Asks for a run of the {target.Noun.ToLowerInvariant()} to be cancelled.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/runs/{runId}/retry", (Guid id, string runId, ClaimsPrincipal user, [AsParameters] RunServices services, CancellationToken cancellationToken) =>
                RetryAsync(target, id, runId, user, services, cancellationToken))
            .WithName($"Retry{name}Run")
            .WithSummary($"Retries a run of the {target.Noun.ToLowerInvariant()} whose submit or cancel failed.")
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>Records the run (generation 1, pending) and its sync message in one transaction; 202 with the run.</summary>
    private static async Task<Results<Accepted<RunResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        RunTarget target, Guid id, HttpRequest request, ClaimsPrincipal user, RunServices services, CancellationToken cancellationToken)
    {
        var (parameters, errors) = await RunParameters.ReadAsync(request, cancellationToken);
        if (parameters is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await StartWithAsync(target, id, parameters, user, services, cancellationToken);
    }

    /// <summary>The start itself, once the parameters are read: the JSON body's, or the tenant console's form.</summary>
    internal static async Task<Results<Accepted<RunResponse>, ValidationProblem, ProblemHttpResult>> StartWithAsync(
        RunTarget target, Guid id, RunParameters parameters, ClaimsPrincipal user, RunServices services, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        var resource = await target.Find(services.Db, tenantId, id, cancellationToken);
        if (resource is null)
        {
            return TargetNotFound(target, id);
        }

        if (services.Mcp.DisabledReasonFor(tenantId) is { } reason)
        {
            return Conflict("Databricks integration not enabled",
                $"Databricks integration not enabled: {reason}. Runs happen in Databricks: enable the integration for the tenant, " +
                "call POST /api/v1/databricks/initialize, then start the run again.");
        }

        switch (resource.SyncStatus)
        {
            case SyncStatus.LocalOnly:
                return Conflict($"{target.Noun} not synced to Databricks",
                    $"{target.Noun} {id} is local only (it was saved while the integration was off). Call POST /api/v1/databricks/initialize, " +
                    "which syncs it, then start the run again.");
            case SyncStatus.Failed:
                return Conflict($"{target.Noun} not synced to Databricks",
                    $"{target.Noun} {id} failed to sync ({resource.LastErrorCode}: {resource.LastErrorMessage}). Retry it " +
                    $"(POST {target.PathOf(id)}/retry), then start the run again.");
        }

        var now = services.Clock.GetUtcNow();
        var run = new Run
        {
            Id = Guid.CreateVersion7(),
            TenantId = tenantId,
            TargetKind = target.Kind,
            TargetId = id,
            Parameters = parameters.ToJson(),
            Origin = RunOrigins.Api,
            CreatedAt = now,
            UpdatedAt = now,
        };
        services.Db.Runs.Add(run);
        // A run that waits for its target to sync first is still pending when the deadline passes; the reconciler then
        // re-sends its message, and the worker finds it under way (or drives it on). Nothing is lost either way.
        services.Db.RequestSync(run, services.Clock, services.Mcp.SyncDeadline);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"{target.PathOf(id)}/runs/{run.Id}", RunResponse.From(run));
    }

    /// <summary>The target's runs, newest first, including those its schedule started.</summary>
    internal static async Task<Results<Ok<RunResponse[]>, ProblemHttpResult>> ListAsync(
        RunTarget target, Guid id, ClaimsPrincipal user, RunServices services, int skip, int limit, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        if (await target.Find(services.Db, tenantId, id, cancellationToken) is null)
        {
            return TargetNotFound(target, id);
        }

        var runs = await services.Db.Runs.AsNoTracking()
            .Where(r => r.TargetId == id && r.TenantId == tenantId && r.TargetKind == target.Kind)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(skip, 0))
            .Take(Math.Clamp(limit, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(runs.Select(RunResponse.From).ToArray());
    }

    /// <summary><c>runId</c> is ours (a UUID) or, for the original's clients, the Databricks run id (a number).</summary>
    private static async Task<Results<Ok<RunResponse>, ProblemHttpResult>> GetAsync(
        RunTarget target, Guid id, string runId, ClaimsPrincipal user, RunServices services, CancellationToken cancellationToken)
    {
        var (run, missing) = await FindTargetRunAsync(target, id, runId, user, services, tracked: false, cancellationToken);
        return run is null ? missing! : TypedResults.Ok(RunResponse.From(run));
    }

    /// <summary>
    /// A later generation of the run that asks for its cancel: a run not submitted yet never starts, a submitted one is
    /// cancelled in Databricks. 202; a run that already ended is a conflict.
    /// </summary>
    internal static async Task<Results<Accepted<RunResponse>, ProblemHttpResult>> CancelAsync(
        RunTarget target, Guid id, string runId, ClaimsPrincipal user, RunServices services, CancellationToken cancellationToken)
    {
        var (run, missing) = await FindTargetRunAsync(target, id, runId, user, services, tracked: true, cancellationToken);
        if (run is null)
        {
            return missing!;
        }

        if (run.FinishedAt is not null || RunStates.IsFinal(run.LifeCycleState))
        {
            return Conflict("Run already finished",
                $"Run {run.Id} already finished ({run.ResultState ?? run.LifeCycleState}); there is nothing to cancel.");
        }

        // Asked before and still on its way: nothing new to do. A cancel whose sync failed is asked again.
        if (!run.CancelRequested || run.SyncStatus == SyncStatus.Failed)
        {
            run.CancelRequested = true;
            run.Generation++;
            services.Db.RequestSync(run, services.Clock, services.Mcp.SyncDeadline);
            await services.Db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.Accepted($"{target.PathOf(id)}/runs/{run.Id}", RunResponse.From(run));
    }

    /// <summary>Puts a run whose submit (or cancel) failed back in line, as every kind's retry does; not a run that ended.</summary>
    private static async Task<Results<Accepted<RunResponse>, ProblemHttpResult>> RetryAsync(
        RunTarget target, Guid id, string runId, ClaimsPrincipal user, RunServices services, CancellationToken cancellationToken)
    {
        var (run, missing) = await FindTargetRunAsync(target, id, runId, user, services, tracked: true, cancellationToken);
        if (run is null)
        {
            return missing!;
        }

        if (run.FinishedAt is not null)
        {
            return Conflict("Run already finished", $"Run {run.Id} already finished ({run.ResultState ?? run.LifeCycleState}); start a new run instead.");
        }

        if (SyncRetry.RefuseUnlessFailed(run, "run") is { } refused)
        {
            return refused;
        }

        services.Db.RequestSync(run, services.Clock, services.Mcp.SyncDeadline);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted($"{target.PathOf(id)}/runs/{run.Id}", RunResponse.From(run));
    }

    /// <summary>The run of a target of the caller's tenant, or the 404 that says which of the two was not found.</summary>
    private static async Task<(Run? Run, ProblemHttpResult? Missing)> FindTargetRunAsync(
        RunTarget target, Guid id, string runId, ClaimsPrincipal user, RunServices services, bool tracked, CancellationToken cancellationToken)
    {
        var tenantId = user.GetTenantId();
        if (await target.Find(services.Db, tenantId, id, cancellationToken) is null)
        {
            return (null, TargetNotFound(target, id));
        }

        var run = await FindRunAsync(target, id, runId, tenantId, services, tracked, cancellationToken);
        return run is null ? (null, RunNotFound(runId)) : (run, null);
    }

    /// <summary>Scoped to the caller's tenant and the target in the path: anyone else's run is simply not found.</summary>
    private static Task<Run?> FindRunAsync(
        RunTarget target, Guid targetId, string runId, Guid tenantId, RunServices services, bool tracked, CancellationToken cancellationToken)
    {
        var runs = (tracked ? services.Db.Runs : services.Db.Runs.AsNoTracking())
            .Where(r => r.TenantId == tenantId && r.TargetId == targetId && r.TargetKind == target.Kind);
        if (Guid.TryParse(runId, out var id))
        {
            return runs.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        }

        return long.TryParse(runId, NumberStyles.None, CultureInfo.InvariantCulture, out var remoteRunId)
            ? runs.SingleOrDefaultAsync(r => r.RemoteRunId == remoteRunId, cancellationToken)
            : Task.FromResult<Run?>(null);
    }

    private static ProblemHttpResult TargetNotFound(RunTarget target, Guid id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: $"{target.Noun} not found", detail: $"{target.Noun} {id} does not exist.");

    private static ProblemHttpResult RunNotFound(string runId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Run not found", detail: $"Run {runId} does not exist.");

    private static ProblemHttpResult Conflict(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail);
}
