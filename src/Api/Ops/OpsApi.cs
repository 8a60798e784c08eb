using AgentProvision.Persistence;
using AgentProvision.Persistence.Outbox;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AgentProvision.Api.Ops;

/// <summary>Operators' endpoints under <c>/api/v1/ops</c>: tenants get 403, anonymous callers 401.</summary>
public static class OpsApi
{
    public static RouteGroupBuilder MapOpsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/ops").WithTags("Ops").RequireAuthorization(OpsSetup.OperatorPolicy);
        group.MapGet("/outbox/parked", ListParked).WithName("ListParkedOutboxMessages");
        group.MapPost("/outbox/{id:guid}/requeue", Requeue).WithName("RequeueOutboxMessage");
        return group;
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
