using AgentProvision.Api.Pipelines;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages.Pipelines;

/// <summary>The tenant's pipelines with their sync badges.</summary>
public sealed class PipelinesIndexModel : ConsolePageModel
{
    public IReadOnlyList<PipelineResponse> Pipelines { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Pipelines = await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken) =>
        Partial("_PipelineRows", await LoadAsync(cancellationToken));

    private async Task<IReadOnlyList<PipelineResponse>> LoadAsync(CancellationToken cancellationToken) =>
        (await PipelinesApi.List(User, Services<PipelineServices>(), cancellationToken, 0, 200)).Value!;
}
