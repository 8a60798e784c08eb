using AgentProvision.Api.Databricks;
using Microsoft.AspNetCore.Mvc;

namespace AgentProvision.Api.TenantConsole.Pages;

/// <summary>The console's home: the usage widget, from the handler behind <c>GET /api/v1/databricks/usage</c>.</summary>
public sealed class IndexModel : ConsolePageModel
{
    public UsageResponse Usage { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken) => Usage = await LoadAsync(cancellationToken);

    /// <summary>The widget alone, for the page's live refresh.</summary>
    public async Task<IActionResult> OnGetUsageAsync(CancellationToken cancellationToken) =>
        Partial("_UsageWidget", await LoadAsync(cancellationToken));

    private async Task<UsageResponse> LoadAsync(CancellationToken cancellationToken) =>
        (await DatabricksApi.Usage(User, Services<DatabricksServices>(), Service<UsageQuery>(), cancellationToken)).Value!;
}
