namespace AgentProvision.McpEmulator.Http;

/// <summary>The operation names used by fault rules, call counters and log lines.</summary>
internal static class ConnectorOperations
{
    public const string Health = "health";
    public const string CatalogsCreate = "catalogs.create";
    public const string CatalogsGet = "catalogs.get";
    public const string CatalogsDelete = "catalogs.delete";
    public const string WorkspaceMkdirs = "workspace.mkdirs";
    public const string NotebooksImport = "notebooks.import";
    public const string NotebooksStatus = "notebooks.status";
    public const string NotebooksDelete = "notebooks.delete";
    public const string NotebooksExport = "notebooks.export";

    /// <summary>A fault rule operation that matches every connector operation (never the admin routes).</summary>
    public const string Any = "*";

    public static IReadOnlyList<string> All { get; } =
    [
        Health, CatalogsCreate, CatalogsGet, CatalogsDelete,
        WorkspaceMkdirs, NotebooksImport, NotebooksStatus, NotebooksDelete, NotebooksExport,
    ];
}
