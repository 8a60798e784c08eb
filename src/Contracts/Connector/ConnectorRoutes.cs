namespace AgentProvision.Contracts.Connector;

/// <summary>
/// Paths of the MCP connector's Databricks operations, relative to its base URL.
/// The emulator maps exactly these, and the worker's client calls exactly these.
/// </summary>
public static class ConnectorRoutes
{
    public const string Prefix = "/agentprovision/v1/databricks";
    public const string Health = Prefix + "/health";
    public const string Catalogs = Prefix + "/catalogs";
    public const string WorkspaceMkdirs = Prefix + "/workspace/mkdirs";
    public const string NotebookImport = Prefix + "/notebooks/import";
    public const string NotebookStatus = Prefix + "/notebooks/status";
    public const string NotebookDelete = Prefix + "/notebooks/delete";
    public const string NotebookExport = Prefix + "/notebooks/export";

    /// <summary>The header that carries the connector's API key.</summary>
    public const string ApiKeyHeader = "X-Api-Key";
}
