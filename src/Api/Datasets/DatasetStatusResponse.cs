using System.Text.Json.Nodes;
using AgentProvision.Api.Sync;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// The original's <c>GET /{id}/databricks/status</c>. Its <c>sync_status</c> vocabulary is pending, syncing, synced,
/// failed and not_synced (ours says local_only for the last; both mean "kept here only").
/// </summary>
public sealed record DatasetStatusResponse(
    Guid DatasetId,
    string DatasetName,
    bool DatabricksEnabled,
    string SyncStatus,
    string? BronzeTable,
    string? SilverTable,
    DateTimeOffset? LastSyncAt,
    string? LastSyncError,
    long RowCountLocal,
    long? RowCountDatabricks,
    SyncBlock Sync)
{
    public static DatasetStatusResponse From(Dataset dataset)
    {
        var metadata = JsonNode.Parse(dataset.Metadata) as JsonObject ?? [];
        var status = dataset.SyncStatus == Persistence.Entities.SyncStatus.LocalOnly ? "not_synced" : dataset.SyncStatus.ToName();
        return new DatasetStatusResponse(
            dataset.Id,
            dataset.Name,
            metadata["databricks_enabled"]?.GetValue<bool>() ?? false,
            status,
            metadata["databricks_table"]?.GetValue<string>(),
            SilverTable: null,
            dataset.SyncedAt,
            dataset.LastErrorMessage,
            dataset.RowCount,
            metadata["row_count_databricks"]?.GetValue<long>(),
            SyncBlock.From(dataset));
    }
}
