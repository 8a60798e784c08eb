using AgentProvision.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AgentProvision.Api.Sync;

/// <summary>The retry rule every kind's retry endpoint shares: only a failed resource goes back in line.</summary>
public static class SyncRetry
{
    public static ProblemHttpResult? RefuseUnlessFailed(SyncedResource resource, string kind) =>
        resource.SyncStatus == SyncStatus.Failed
            ? null
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Not failed",
                detail: $"Only a failed {kind} can be retried; {kind} {resource.Id} is '{resource.SyncStatus.ToName()}'.");
}
