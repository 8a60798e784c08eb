using Microsoft.Extensions.Options;

namespace AgentProvision.McpEmulator;

/// <summary>The Databricks UI links the emulator answers (catalog_url, url, job_url, run_page_url), under <c>Emulator:WorkspaceUrl</c>.</summary>
internal sealed class WorkspaceUrls(IOptions<EmulatorOptions> options)
{
    private string Root => options.Value.WorkspaceUrl.TrimEnd('/');

    public string Catalog(string catalogName) => $"{Root}/explore/data/{Uri.EscapeDataString(catalogName)}";

    public string Notebook(long objectId) => $"{Root}/#notebook/{objectId}";

    public string Job(long jobId) => $"{Root}/#job/{jobId}";

    public string JobRun(long jobId, long runId) => $"{Root}/#job/{jobId}/run/{runId}";

    /// <summary>One-off runs (notebook execute) belong to no job.</summary>
    public string OneOffRun(long runId) => $"{Root}/#run/{runId}";
}
