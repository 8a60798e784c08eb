using AgentProvision.Api.Sync;
using AgentProvision.Persistence;
using AgentProvision.Persistence.Entities;
using AgentProvision.Persistence.Outbox;
using AgentProvision.Persistence.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AgentProvision.Api.Ops;

/// <summary>Operators' endpoints under <c>/api/v1/ops</c>: tenants get 403, anonymous callers 401.</summary>
public static class OpsApi
{
    public static RouteGroupBuilder MapOpsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/ops").WithTags("Ops").RequireAuthorization(OpsSetup.OperatorPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/outbox/parked", ListParked).WithName("ListParkedOutboxMessages")
            .WithSummary("Lists the outbox messages parked after too many failed dispatches.");
        group.MapPost("/outbox/{id:guid}/requeue", Requeue).WithName("RequeueOutboxMessage")
            .WithSummary("Puts a parked outbox message back in line for dispatch.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/dashboard", Dashboard).WithName("OpsDashboardSnapshot")
            .WithSummary("Gets the ops dashboard's current snapshot.");
        group.MapGet("/tenants/{tenantId:guid}/sync", TenantSync).WithName("OpsTenantSyncCounts")
            .WithSummary("Counts a tenant's resources by kind and sync state.");
        group.MapPost("/resources/{kind}/{id:guid}/retry", RetryOne).WithName("OpsRetryResource")
            .WithSummary("Retries one failed resource of any kind.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/resources/retry-failed", RetryAllFailed).WithName("OpsRetryAllFailed")
            .WithSummary("Retries every failed resource, in batches.");
        return group;
    }

    /// <summary>How many failed resources one bulk retry puts back in line per transaction, and at most per call.</summary>
    internal const int RetryBatchSize = 200;

    internal const int RetryMaxPerCall = 10_000;

    /// <summary>The dashboard's current numbers (the same snapshot <c>/ops/events</c> streams).</summary>
    private static async Task<Ok<OpsSnapshot>> Dashboard(OpsSnapshotSource snapshots, CancellationToken cancellationToken) =>
        TypedResults.Ok(await snapshots.CurrentAsync(cancellationToken));

    /// <summary>One tenant's live resources per kind and state: the dashboard's drill-down.</summary>
    private static async Task<Ok<TenantSyncCounts>> TenantSync(Guid tenantId, AppDbContext db, CancellationToken cancellationToken)
    {
        var name = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).SingleOrDefaultAsync(cancellationToken);
        var counts = new List<SyncCount>();
        counts.AddRange(await CountAsync(db.Notebooks, tenantId, cancellationToken));
        counts.AddRange(await CountAsync(db.Datasets, tenantId, cancellationToken));
        counts.AddRange(await CountAsync(db.DataPipelines, tenantId, cancellationToken));
        counts.AddRange(await CountAsync(db.Runs, tenantId, cancellationToken));
        counts.AddRange(await CountAsync(db.TenantCatalogs, tenantId, cancellationToken));
        return TypedResults.Ok(new TenantSyncCounts(tenantId, name, counts));
    }

    private static async Task<IEnumerable<SyncCount>> CountAsync<T>(DbSet<T> set, Guid tenantId, CancellationToken cancellationToken)
        where T : SyncedResource, IResourceKind
    {
        var rows = await set.AsNoTracking()
            .Where(r => r.TenantId == tenantId && r.DeletedAt == null)
            .GroupBy(r => r.SyncStatus)
            .Select(g => new { Status = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Status).Select(r => new SyncCount(T.Kind, r.Status.ToName(), r.Count));
    }

    /// <summary>Puts one failed resource of any kind back in line (<c>RequestSync</c>: pending, fresh budget, an outbox row). 409 unless failed.</summary>
    private static Task<Results<Accepted, ProblemHttpResult>> RetryOne(
        string kind, Guid id, AppDbContext db, TimeProvider clock, IOptions<McpOptions> mcp, CancellationToken cancellationToken) =>
        kind switch
        {
            "notebook" => RetryOneAsync(db.Notebooks, id, db, clock, mcp.Value, cancellationToken),
            "dataset" => RetryOneAsync(db.Datasets, id, db, clock, mcp.Value, cancellationToken),
            "pipeline" => RetryOneAsync(db.DataPipelines, id, db, clock, mcp.Value, cancellationToken),
            "run" => RetryOneAsync(db.Runs, id, db, clock, mcp.Value, cancellationToken),
            "catalog" => RetryOneAsync(db.TenantCatalogs, id, db, clock, mcp.Value, cancellationToken),
            _ => Task.FromResult<Results<Accepted, ProblemHttpResult>>(TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: "Not Found", detail: $"Unknown kind '{kind}': one of notebook, dataset, pipeline, run, catalog.")),
        };

    private static async Task<Results<Accepted, ProblemHttpResult>> RetryOneAsync<T>(
        DbSet<T> set, Guid id, AppDbContext db, TimeProvider clock, McpOptions mcp, CancellationToken cancellationToken)
        where T : SyncedResource, IResourceKind
    {
        var resource = await set.SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (resource is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"No {T.Kind} {id}.");
        }

        if (SyncRetry.RefuseUnlessFailed(resource, T.Kind) is { } refused)
        {
            return refused;
        }

        db.RequestSync(resource, clock, mcp.SyncDeadline);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Accepted((string?)null);
    }

    /// <summary>
    /// Puts every failed resource back in line, kind by kind, oldest failure first, in transactions of
    /// <see cref="RetryBatchSize"/>; at most <see cref="RetryMaxPerCall"/> per call (<c>more: true</c> says call again).
    /// </summary>
    private static async Task<Ok<RetryFailedResult>> RetryAllFailed(
        AppDbContext db, TimeProvider clock, IOptions<McpOptions> mcp, CancellationToken cancellationToken)
    {
        var requeued = new Dictionary<string, int>();
        var budget = RetryMaxPerCall;
        budget -= requeued[Notebook.Kind] = await RetryFailedAsync(db.Notebooks, db, clock, mcp.Value, budget, cancellationToken);
        budget -= requeued[Dataset.Kind] = await RetryFailedAsync(db.Datasets, db, clock, mcp.Value, budget, cancellationToken);
        budget -= requeued[DataPipeline.Kind] = await RetryFailedAsync(db.DataPipelines, db, clock, mcp.Value, budget, cancellationToken);
        budget -= requeued[Run.Kind] = await RetryFailedAsync(db.Runs, db, clock, mcp.Value, budget, cancellationToken);
        budget -= requeued[TenantCatalog.Kind] = await RetryFailedAsync(db.TenantCatalogs, db, clock, mcp.Value, budget, cancellationToken);
        return TypedResults.Ok(new RetryFailedResult(requeued, RetryMaxPerCall - budget, budget <= 0));
    }

    private static async Task<int> RetryFailedAsync<T>(
        DbSet<T> set, AppDbContext db, TimeProvider clock, McpOptions mcp, int budget, CancellationToken cancellationToken)
        where T : SyncedResource, IResourceKind
    {
        var total = 0;
        // Bounded rounds: a batch lost to a concurrent edit is read again, but never forever.
        for (var round = 0; total < budget && round < (budget / RetryBatchSize) + 5; round++)
        {
            var batch = await set
                .Where(r => r.SyncStatus == SyncStatus.Failed)
                .OrderBy(r => r.UpdatedAt)
                .Take(Math.Min(RetryBatchSize, budget - total))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            foreach (var resource in batch)
            {
                db.RequestSync(resource, clock, mcp.SyncDeadline);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                total += batch.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A user changed one of them meanwhile (it is pending again on its own): the next round reads the rest afresh.
                db.ChangeTracker.Clear();
                continue;
            }

            db.ChangeTracker.Clear();
            if (batch.Count < RetryBatchSize)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Outbox rows parked after too many failed publishes, newest first (at most 500).</summary>
    private static async Task<Ok<List<ParkedOutboxMessage>>> ListParked(AppDbContext db, CancellationToken cancellationToken)
    {
        var parked = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.ParkedAt != null && m.DispatchedAt == null)
            .OrderByDescending(m => m.ParkedAt)
            .Take(500)
            .Select(m => new ParkedOutboxMessage(
                m.Id, m.MessageType, m.TenantId, m.ResourceType, m.ResourceId, m.Attempts, m.LastError, m.ParkedAt!.Value, m.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(parked);
    }

    /// <summary>
    /// Un-parks a row with a fresh attempt budget; the dispatchers pick it up at once (NOTIFY) or at their next poll.
    /// 404 when no such row is parked (unknown, never parked, or already requeued).
    /// </summary>
    private static async Task<Results<Accepted, ProblemHttpResult>> Requeue(
        Guid id, AppDbContext db, IOutboxSignal signal, CancellationToken cancellationToken)
    {
        var requeued = await db.OutboxMessages
            .Where(m => m.Id == id && m.ParkedAt != null && m.DispatchedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(m => m.ParkedAt, (DateTimeOffset?)null)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null), cancellationToken);
        if (requeued == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found",
                detail: $"No parked outbox message {id}: see GET /api/v1/ops/outbox/parked.");
        }

        signal.OutboxMessagesCommitted();
        return TypedResults.Accepted((string?)null);
    }
}
