using System.Text.Json;
using System.Text.Json.Nodes;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.SyncWorker.Datasets;

/// <summary>
/// A dataset's <c>metadata_</c>: the original's keys (seed-contract.md §4.4: <c>databricks_enabled</c>,
/// <c>databricks_table</c>, <c>databricks_catalog</c>, <c>databricks_schema</c>, <c>databricks_table_name</c>,
/// <c>sync_timestamp</c>), plus what exactly-once needs: the table version our upload made and which local file it holds.
/// </summary>
internal static class DatasetSyncMetadata
{
    private const string LocalFile = "local_file";
    private const string Version = "databricks_version";

    public static string Synced(DatasetTable table, string storageKey, long? rowCount) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["databricks_enabled"] = true,
        ["databricks_table"] = table.TablePath,
        ["databricks_catalog"] = table.CatalogName,
        ["databricks_schema"] = table.SchemaName,
        ["databricks_table_name"] = table.TableName,
        ["sync_timestamp"] = table.Timestamp,
        [Version] = table.Version,
        ["row_count_databricks"] = table.RowCount ?? rowCount,
        [LocalFile] = storageKey,
    });

    /// <summary>Which local file the remote table holds (null before the first upload).</summary>
    public static string? LocalFileOf(string metadata) => Read<string>(metadata, LocalFile);

    /// <summary>The table version our last known upload made; null when never uploaded or the server did not say.</summary>
    public static long? VersionOf(string metadata) => Read<long?>(metadata, Version);

    public static bool HasTable(string metadata) => Read<string>(metadata, "databricks_table") is { Length: > 0 };

    /// <summary>
    /// The drift check found the table gone or overwritten: forget which local file it holds, so the next sync uploads
    /// again instead of finding "nothing to upload".
    /// </summary>
    public static string WithoutLocalFile(string metadata)
    {
        var node = JsonNode.Parse(metadata) as JsonObject ?? [];
        node.Remove(LocalFile);
        return node.ToJsonString();
    }

    public static string Removed(string metadata)
    {
        var node = JsonNode.Parse(metadata) as JsonObject ?? [];
        node["databricks_enabled"] = false;
        node["databricks_removed"] = true;
        return node.ToJsonString();
    }

    private static T? Read<T>(string metadata, string key) =>
        JsonNode.Parse(metadata) is JsonObject node && node[key] is JsonValue value && value.TryGetValue(out T? read) ? read : default;
}
