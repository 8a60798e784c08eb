using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Introspection;
using AgentProvision.McpEmulator.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Jobs;

/// <summary>
/// <c>POST /_emulator/jobs/{job_id}/scheduled-run</c>: what Databricks does when a job's schedule fires, on demand,
/// so a test can meet runs it never started (trigger PERIODIC). Admin route: no key, never faulted.
/// </summary>
internal static class ScheduledRunApi
{
    public static IEndpointRouteBuilder MapScheduledRunApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(AdminRoutes.ScheduledRun, Fire);
        return routes;
    }

    /// <summary>Only an unpaused schedule fires; a job without one answers 400 INVALID_STATE.</summary>
    private static Ok<RunSubmitted> Fire([FromRoute(Name = "job_id")] long jobId, JobStore jobs, RunStore runs)
    {
        var job = jobs.Get(jobId);
        if (job.Settings.Schedule is not { } schedule || JobSettingsCheck.IsPaused(schedule))
        {
            throw new ConnectorException(
                StatusCodes.Status400BadRequest, ConnectorErrorCodes.InvalidState,
                $"Job {jobId} has no unpaused schedule, so no scheduled run can start.");
        }

        var run = runs.Submit(JobRuns.Request(job, RunStates.Periodic, idempotencyToken: null));
        return TypedResults.Ok(RunAnswers.Submitted(run, tokenHonoured: false));
    }
}
