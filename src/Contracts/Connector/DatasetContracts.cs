using System.Text.Json;

namespace AgentProvision.Contracts.Connector;

public sealed record DatasetColumn(string Name, string Type);

/// <summary><c>POST /databricks/datasets</c> (create_dataset): a table from a schema and optional rows.</summary>
public sealed record CreateDatasetRequest(
    string TenantId,
    string Name,
    IReadOnlyList<DatasetColumn> Schema,
    IReadOnlyList<Dictionary<string, JsonElement>>? Data = null);

/// <summary>
/// Answered by create_dataset and by <c>POST /databricks/datasets/upload?tenant_id=&amp;dataset_name=&amp;format=parquet</c>
/// (upload_dataset_file, multipart field <c>file</c>). The original client reads <c>table_path</c>, <c>catalog_name</c>,
/// <c>schema_name</c>, <c>table_name</c>, <c>timestamp</c>. Uploading to an existing name replaces the table (a new version).
/// </summary>
public sealed record DatasetTable(
    string TablePath,
    string CatalogName,
    string SchemaName,
    string TableName,
    string Timestamp,
    string? Status = null,
    long? Version = null,
    long? RowCount = null,
    long? SizeBytes = null);

/// <summary><c>POST /databricks/datasets/query</c> (query_dataset). The table is named by <c>dataset_name</c> in the SQL.</summary>
public sealed record QueryDatasetRequest(string TenantId, string DatasetName, string Sql);

public sealed record QueryDatasetResult(
    IReadOnlyList<Dictionary<string, JsonElement>> Rows,
    IReadOnlyList<string> Columns,
    long RowCount,
    double ExecutionTimeMs);

/// <summary><c>GET /databricks/datasets/{tenant_id}/{dataset_name}</c> (get_dataset_metadata). <c>version</c> grows with each upload.</summary>
public sealed record DatasetMetadata(
    string Table,
    long SizeBytes,
    string LastModified,
    long Version,
    long RowCount,
    IReadOnlyList<DatasetColumn> Columns);
