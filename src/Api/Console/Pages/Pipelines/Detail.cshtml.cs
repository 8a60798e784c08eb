using AgentProvision.Api.Pipelines;
using AgentProvision.Api.Runs;
using AgentProvision.Api.TenantConsole.Pipelines;
using AgentProvision.Persistence.Pipelines;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages.Pipelines;

/// <summary>One pipeline: its sync badge (live), the task DAG, the schedule, run with parameters, runs (live) with cancel.</summary>
public sealed class PipelineDetailModel : ConsolePageModel
{
    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    [BindProperty]
    public string? Parameters { get; set; }

    public PipelineResponse Pipeline { get; private set; } = null!;
    public PipelineDag Dag { get; private set; } = null!;
    public PipelineSchedule? Schedule { get; private set; }
    public IReadOnlyList<RunResponse> Runs { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFoundPage();

    public async Task<IActionResult> OnGetSyncAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Partial("_PipelineSync", Pipeline) : NotFoundPage();

    public async Task<IActionResult> OnGetRunsAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Partial("_Runs", Runs) : NotFoundPage();

    public async Task<IActionResult> OnPostRunAsync(CancellationToken cancellationToken)
    {
        Message = await RunForm.StartAsync(RunTarget.Pipeline, Id, Parameters, User, Services<RunServices>(), Errors, cancellationToken);
        return await AfterActionAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCancelAsync(string runId, CancellationToken cancellationToken)
    {
        Message = await RunForm.CancelAsync(RunTarget.Pipeline, Id, runId, User, Services<RunServices>(), cancellationToken);
        return await AfterActionAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostRetryAsync(CancellationToken cancellationToken)
    {
        var outcome = (await PipelinesApi.Retry(Id, User, Services<PipelineServices>(), cancellationToken)).Result.Of<PipelineResponse>();
        Message = outcome.Value is null ? outcome.Problem?.Detail : null;
        return await AfterActionAsync(cancellationToken);
    }

    private async Task<IActionResult> AfterActionAsync(CancellationToken cancellationToken)
    {
        if (Message is null && !Errors.Any)
        {
            return RedirectToPage(new { id = Id });
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFoundPage();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var outcome = (await PipelinesApi.Get(Id, User, Services<PipelineServices>(), cancellationToken)).Result.Of<PipelineResponse>();
        if (outcome.Value is not { } pipeline)
        {
            return false;
        }

        Pipeline = pipeline;
        var stored = pipeline.Config.GetRawText();
        Dag = PipelineDag.From(stored);
        Schedule = PipelineConfig.FromStored(stored).Schedule;
        Runs = await RunForm.ListAsync(RunTarget.Pipeline, Id, User, Services<RunServices>(), cancellationToken);
        return true;
    }
}
