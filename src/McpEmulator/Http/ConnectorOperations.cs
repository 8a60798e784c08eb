namespace AgentProvision.McpEmulator.Http;

/// <summary>The operation names used by fault rules, call counters and log lines; one per route of the contract.</summary>
internal static class ConnectorOperations
{
    public const string Health = "health";

    public const string CatalogsCreate = "catalogs.create";
    public const string CatalogsStatus = "catalogs.status";
    public const string CatalogsTables = "catalogs.tables";

    public const string NotebooksCreate = "notebooks.create";
    public const string NotebooksGet = "notebooks.get";
    public const string NotebooksUpdate = "notebooks.update";
    public const string NotebooksDelete = "notebooks.delete";
    public const string NotebooksLookup = "notebooks.lookup";
    public const string NotebooksList = "notebooks.list";
    public const string NotebooksExecute = "notebooks.execute";
    public const string NotebooksRunStatus = "notebooks.run_status";

    public const string JobsCreate = "jobs.create";
    public const string JobsGet = "jobs.get";
    public const string JobsList = "jobs.list";
    public const string JobsTenantList = "jobs.list_tenant";
    public const string JobsUpdate = "jobs.update";
    public const string JobsDelete = "jobs.delete";
    public const string JobsRun = "jobs.run";
    public const string JobsRuns = "jobs.runs";
    public const string RunsGet = "runs.get";
    public const string RunsCancel = "runs.cancel";

    public const string DatasetsCreate = "datasets.create";
    public const string DatasetsUpload = "datasets.upload";
    public const string DatasetsQuery = "datasets.query";
    public const string DatasetsMetadata = "datasets.metadata";
    public const string DatasetsDelete = "datasets.delete";

    public const string ServingDeploy = "serving.deploy";
    public const string ServingInvoke = "serving.invoke";
    public const string ServingGet = "serving.get";
    public const string ServingDelete = "serving.delete";

    public const string VectorsCreate = "vectors.create";
    public const string VectorsUpsert = "vectors.upsert";
    public const string VectorsSearch = "vectors.search";
    public const string VectorsDelete = "vectors.delete";

    /// <summary>A fault rule operation that matches every connector operation (never the admin routes).</summary>
    public const string Any = "*";

    /// <summary>Every operation; each feature appends its own names here.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Health,
        CatalogsCreate, CatalogsStatus, CatalogsTables,
        NotebooksCreate, NotebooksGet, NotebooksUpdate, NotebooksDelete, NotebooksLookup, NotebooksList, NotebooksExecute, NotebooksRunStatus,
        JobsCreate, JobsGet, JobsList, JobsTenantList, JobsUpdate, JobsDelete, JobsRun, JobsRuns, RunsGet, RunsCancel,
        DatasetsCreate, DatasetsUpload, DatasetsQuery, DatasetsMetadata, DatasetsDelete,
        ServingDeploy, ServingInvoke, ServingGet, ServingDelete,
        VectorsCreate, VectorsUpsert, VectorsSearch, VectorsDelete,
    ];
}
