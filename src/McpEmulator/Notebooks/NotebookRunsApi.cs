using AgentProvision.Contracts.Connector;
using AgentProvision.McpEmulator.Http;
using AgentProvision.McpEmulator.Runs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.McpEmulator.Notebooks;

/// <summary>
/// execute_notebook (a one-off run, Databricks' runs/submit with one notebook task) and get_notebook_run_status.
/// Notebook runs live in the same <see cref="RunStore"/> as job runs, with the same ids and life cycle.
/// </summary>
internal static class NotebookRunsApi
{
    public static IEndpointRouteBuilder MapNotebookRunsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ConnectorRoutes.NotebookExecute, Execute).IsConnectorOperation(ConnectorOperations.NotebooksExecute);
        routes.MapGet(ConnectorRoutes.Notebooks + "/runs/{run_id}", Status).IsConnectorOperation(ConnectorOperations.NotebooksRunStatus);
        return routes;
    }

    /// <summary>The notebook must exist in the tenant's workspace; <c>idempotency_token</c> is an extension.</summary>
    private static Ok<RunSubmitted> Execute(
        ExecuteNotebookRequest request, ConnectorCall call, RunStore runs, ExtensionSwitch extensions)
    {
        var workspace = call.Tenant(request.TenantId).Workspace;
        var notebook = workspace.FindNotebook(NotebookPaths.Parse(request.NotebookPath));
        var token = extensions.Honour(request.IdempotencyToken);
        var run = runs.Submit(new RunRequest(
            request.TenantId,
            JobId: null,
            notebook.Path,
            LedgerName: notebook.Path,
            TaskKeys: [TaskKeyOf(notebook.Path)],
            RunStates.OneTime,
            token));
        return TypedResults.Ok(RunAnswers.Submitted(run, tokenHonoured: token is not null));
    }

    private static Ok<RunStatus> Status([FromRoute(Name = "run_id")] long runId, ConnectorCall call, RunStore runs)
    {
        var run = runs.Get(runId);
        call.MentionTenant(run.TenantId);
        return TypedResults.Ok(RunAnswers.Status(run, runs.Now, withTasks: false, withOutput: true));
    }

    /// <summary>A one-off run has one task, keyed by the notebook's name.</summary>
    private static string TaskKeyOf(string notebookPath) => notebookPath[(notebookPath.LastIndexOf('/') + 1)..];
}
