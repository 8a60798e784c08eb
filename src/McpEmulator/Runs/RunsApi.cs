using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Runs;

/// <summary>get_job_run_status and cancel_job_run: for any run, as Databricks' runs/get and runs/cancel.</summary>
internal static class RunsApi
{
    private const string CanceledStatus = "canceled";

    public static IEndpointRouteBuilder MapRunsApi(this IEndpointRouteBuilder routes)
    {
        // ConnectorRoutes.Run(run_id) and RunCancel(run_id).
        const string run = ConnectorRoutes.Base + "/databricks/runs/{run_id}";
        routes.MapGet(run, Get).IsConnectorOperation(ConnectorOperations.RunsGet);
        routes.MapPost(run + "/cancel", Cancel).IsConnectorOperation(ConnectorOperations.RunsCancel);
        return routes;
    }

    private static Ok<RunStatus> Get([FromRoute(Name = "run_id")] long runId, ConnectorCall call, RunStore runs)
    {
        var run = runs.Get(runId);
        call.MentionTenant(run.TenantId);
        return TypedResults.Ok(RunAnswers.Status(run, runs.Now, withTasks: true, withOutput: false));
    }

    /// <summary>No body, as the original client sends it; a finished run is left as it is and still answered 200.</summary>
    private static Ok<Acknowledged> Cancel([FromRoute(Name = "run_id")] long runId, ConnectorCall call, RunStore runs)
    {
        call.MentionTenant(runs.Cancel(runId).TenantId);
        return TypedResults.Ok(new Acknowledged(CanceledStatus));
    }
}
