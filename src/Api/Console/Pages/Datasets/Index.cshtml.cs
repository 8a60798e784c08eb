using AgentProvision.Api.Datasets;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages.Datasets;

/// <summary>The tenant's datasets with their sync badges; the upload form posts to <see cref="ConsoleUpload"/>.</summary>
public sealed class DatasetsIndexModel : ConsolePageModel
{
    public IReadOnlyList<DatasetResponse> Datasets { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Datasets = await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetRowsAsync(CancellationToken cancellationToken) =>
        Partial("_DatasetRows", await LoadAsync(cancellationToken));

    private async Task<IReadOnlyList<DatasetResponse>> LoadAsync(CancellationToken cancellationToken) =>
        (await DatasetsApi.List(User, Services<DatasetServices>(), cancellationToken, 0, 200)).Value!;
}
