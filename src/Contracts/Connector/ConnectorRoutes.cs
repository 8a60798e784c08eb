namespace AgentProvision.Contracts.Connector;

/// <summary>
/// Routes of the MCP connector, relative to <c>MCP_SERVER_URL</c>: the original MCP client's (seed-contract.md §3.2),
/// plus the marked extensions (docs/connector-contract.md). The emulator maps exactly these and the worker calls exactly these.
/// Path segments are escaped by the caller with <see cref="Segment"/>.
/// </summary>
public static class ConnectorRoutes
{
    public const string Base = "/agentprovision/v1";
    public const string Health = Base + "/health";

    private const string Databricks = Base + "/databricks";

    public const string Catalogs = Databricks + "/catalogs";
    public static string CatalogStatus(string tenantId) => $"{Catalogs}/{Segment(tenantId)}";
    /// <summary>Extension (drift check): the dataset tables of the tenant's catalog, a page at a time.</summary>
    public static string CatalogTables(string tenantId) => $"{CatalogStatus(tenantId)}/tables";

    public const string Datasets = Databricks + "/datasets";
    public const string DatasetUpload = Datasets + "/upload";
    public const string DatasetQuery = Datasets + "/query";
    public static string Dataset(string tenantId, string datasetName) => $"{Datasets}/{Segment(tenantId)}/{Segment(datasetName)}";

    public const string Notebooks = Databricks + "/notebooks";
    public const string NotebookExecute = Notebooks + "/execute";
    /// <summary>GET (get_notebook, <c>?path=</c>), PUT (update_notebook), DELETE (delete_notebook, <c>?path=</c>).</summary>
    public static string TenantNotebooks(string tenantId) => $"{Notebooks}/{Segment(tenantId)}";
    public static string NotebookRun(long runId) => $"{Notebooks}/runs/{runId}";
    /// <summary>Extension: find a notebook by the name it was created with (<c>?name=</c>).</summary>
    public static string NotebookLookup(string tenantId) => $"{TenantNotebooks(tenantId)}/lookup";
    /// <summary>Extension (drift check): the tenant's notebooks with a content fingerprint, a page at a time.</summary>
    public static string NotebookList(string tenantId) => $"{TenantNotebooks(tenantId)}/list";

    /// <summary>POST create_job; GET with <c>?tenant_id=&amp;name=</c> is the find-by-name extension.</summary>
    public const string Jobs = Databricks + "/jobs";
    /// <summary>GET get_job_status, DELETE delete_job, PUT the update-in-place extension.</summary>
    public static string Job(long jobId) => $"{Jobs}/{jobId}";
    public static string JobRun(long jobId) => $"{Job(jobId)}/run";
    /// <summary>Extension (drift check): every job of the tenant with its settings, a page at a time.</summary>
    public static string TenantJobList(string tenantId) => $"{Jobs}/{Segment(tenantId)}/list";
    public static string JobRuns(long jobId) => $"{Job(jobId)}/runs";
    public static string Run(long runId) => $"{Databricks}/runs/{runId}";
    public static string RunCancel(long runId) => $"{Run(runId)}/cancel";

    public const string ServingEndpoints = Databricks + "/serving-endpoints";
    public static string ServingEndpoint(string name) => $"{ServingEndpoints}/{Segment(name)}";
    public static string ServingEndpointInvoke(string name) => $"{ServingEndpoint(name)}/invoke";

    public const string VectorIndexes = Databricks + "/vector-indexes";
    public static string VectorIndex(string name) => $"{VectorIndexes}/{Segment(name)}";
    public static string VectorIndexSearch(string name) => $"{VectorIndex(name)}/search";
    /// <summary>Extension: add or replace vectors of an index (the original contract has no way to put vectors in).</summary>
    public static string VectorIndexVectors(string name) => $"{VectorIndex(name)}/vectors";

    /// <summary>The original client sends <c>Authorization: Bearer {MCP_API_KEY}</c> on every call.</summary>
    public const string AuthorizationScheme = "Bearer";

    public static string Segment(string value) => Uri.EscapeDataString(value);
}
