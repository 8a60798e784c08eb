using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Jobs;

/// <summary>
/// create_job, get_job_status, delete_job, run_job, list_job_runs, and the extensions find-by-name and update in place.
/// Refusals are thrown by <see cref="JobStore"/> and <see cref="RunStore"/>.
/// </summary>
internal static class JobsApi
{
    private const string DeletedStatus = "deleted";

    /// <summary>Databricks' runs/list allows at most 25 runs a page; 0 means that maximum.</summary>
    private const int MaxRunsLimit = 25;

    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        const string job = ConnectorRoutes.Jobs + "/{job_id}";
        routes.MapPost(ConnectorRoutes.Jobs, Create).IsConnectorOperation(ConnectorOperations.JobsCreate);
        routes.MapGet(ConnectorRoutes.Jobs, List).IsConnectorOperation(ConnectorOperations.JobsList).IsExtension();
        routes.MapGet(job, Get).IsConnectorOperation(ConnectorOperations.JobsGet);
        routes.MapPut(job, Update).IsConnectorOperation(ConnectorOperations.JobsUpdate).IsExtension();
        routes.MapDelete(job, Delete).IsConnectorOperation(ConnectorOperations.JobsDelete);
        routes.MapPost(job + "/run", Run).IsConnectorOperation(ConnectorOperations.JobsRun);
        routes.MapGet(job + "/runs", Runs).IsConnectorOperation(ConnectorOperations.JobsRuns);
        return routes;
    }

    /// <summary>Always a new job with a new job_id, as Databricks' jobs/create: the name is not a key.</summary>
    private static Ok<JobCreated> Create(CreateJobRequest request, ConnectorCall call, JobStore jobs, WorkspaceUrls urls)
    {
        var tenantId = call.RequireTenantId(request.TenantId);
        var job = jobs.Create(tenantId, JobSettingsCheck.Normalize(request.Name, request.Tasks, request.Schedule));
        return TypedResults.Ok(new JobCreated(job.JobId, urls.Job(job.JobId), job.CreatedTime));
    }

    /// <summary>No tenant in the call; the job's own tenant names the log line.</summary>
    private static Ok<JobDetails> Get([FromRoute(Name = "job_id")] long jobId, ConnectorCall call, JobStore jobs, WorkspaceUrls urls)
    {
        var job = jobs.Get(jobId);
        call.MentionTenant(job.TenantId);
        return TypedResults.Ok(Details(job, urls));
    }

    /// <summary>Extension: the tenant's jobs with exactly <c>name</c>; more than one means duplicates were created.</summary>
    private static Ok<JobList> List(
        [FromQuery(Name = "tenant_id")] string? tenantId, [FromQuery] string? name, ConnectorCall call, JobStore jobs, WorkspaceUrls urls)
    {
        var found = jobs.Find(call.RequireTenantId(tenantId), name);
        return TypedResults.Ok(new JobList(found.Select(job => Details(job, urls)).ToList()));
    }

    /// <summary>Extension: Databricks' jobs/reset; the job keeps its id and its runs.</summary>
    private static Ok<JobDetails> Update(
        [FromRoute(Name = "job_id")] long jobId, UpdateJobRequest request, ConnectorCall call, JobStore jobs, WorkspaceUrls urls)
    {
        var tenantId = call.RequireTenantId(request.TenantId);
        var settings = JobSettingsCheck.Normalize(request.Name, request.Tasks, request.Schedule);
        return TypedResults.Ok(Details(jobs.Reset(jobId, tenantId, settings), urls));
    }

    private static Ok<Acknowledged> Delete([FromRoute(Name = "job_id")] long jobId, ConnectorCall call, JobStore jobs)
    {
        call.MentionTenant(jobs.Delete(jobId));
        return TypedResults.Ok(new Acknowledged(DeletedStatus));
    }

    /// <summary>run-now; <c>idempotency_token</c> is an extension, ignored (and not echoed) while extensions are off.</summary>
    private static Ok<RunSubmitted> Run(
        [FromRoute(Name = "job_id")] long jobId, RunJobRequest request, ConnectorCall call, JobStore jobs, RunStore runs, ExtensionSwitch extensions)
    {
        var job = jobs.GetOwned(jobId, call.RequireTenantId(request.TenantId));
        var token = extensions.Honour(request.IdempotencyToken);
        var run = runs.Submit(JobRuns.Request(job, RunStates.OneTime, token));
        return TypedResults.Ok(RunAnswers.Submitted(run, tokenHonoured: token is not null));
    }

    private static Ok<RunList> Runs(
        [FromRoute(Name = "job_id")] long jobId, [FromQuery] int? limit, ConnectorCall call, JobStore jobs, RunStore runs)
    {
        var pageSize = limit switch
        {
            null or 0 => MaxRunsLimit,
            < 0 or > MaxRunsLimit => throw ConnectorException.InvalidParameter($"limit {limit} is outside 1..{MaxRunsLimit}."),
            _ => limit.Value,
        };
        call.MentionTenant(jobs.Get(jobId).TenantId);
        var now = runs.Now;
        return TypedResults.Ok(new RunList(runs.OfJob(jobId, pageSize)
            .Select(run => RunAnswers.Status(run, now, withTasks: false, withOutput: false))
            .ToList()));
    }

    private static JobDetails Details(Job job, WorkspaceUrls urls)
        => new(job.JobId, job.Settings.Name, urls.Job(job.JobId), job.CreatedTime, job.Settings.Tasks, job.Settings.Schedule, job.TenantId);
}
