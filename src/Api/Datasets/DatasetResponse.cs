using System.Text.Json;
using AgentProvision.Api.Sync;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Api.Datasets;

/// <summary>
/// The original's dataset fields (<c>id, name, description, source_type, file_name, row_count, schema, sample_rows,
/// connector_id, created_at</c>), plus ours: <c>metadata</c> with the original's Databricks keys, and the <c>sync</c> block.
/// </summary>
public sealed record DatasetResponse(
    Guid Id,
    string Name,
    string? Description,
    string SourceType,
    string? FileName,
    long RowCount,
    JsonElement Schema,
    JsonElement SampleRows,
    Guid? ConnectorId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long SizeBytes,
    JsonElement Metadata,
    SyncBlock Sync)
{
    public static DatasetResponse From(Dataset dataset) => new(
        dataset.Id,
        dataset.Name,
        dataset.Description,
        dataset.SourceType,
        dataset.FileName,
        dataset.RowCount,
        Json(dataset.Schema),
        Json(dataset.SampleRows),
        ConnectorId: null,
        dataset.CreatedAt,
        dataset.UpdatedAt,
        dataset.SizeBytes,
        Json(dataset.Metadata),
        SyncBlock.From(dataset));

    internal static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}

/// <summary>The original's <c>GET /{id}/preview</c>.</summary>
public sealed record DatasetPreviewResponse(Guid Id, string Name, long RowCount, JsonElement SampleRows);

/// <summary>The original's <c>GET /{id}/summary</c>: <c>{numeric_columns: [{column, avg, min, max}]}</c>.</summary>
public sealed record DatasetSummaryResponse(JsonElement NumericColumns);

/// <summary>The original's <c>GET /{id}/schema</c>: DuckDB's DESCRIBE rows, up to five distinct values per column, the row count.</summary>
public sealed record DatasetSchemaResponse(
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Columns,
    IReadOnlyDictionary<string, IReadOnlyList<object?>> SampleValues,
    long RowCount);

/// <summary>The answer to <c>POST /{id}/query</c>; <c>source</c> says where it ran: <c>databricks</c> or <c>local</c>.</summary>
public sealed record DatasetQueryResponse(
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Rows,
    int RowCount,
    string Query,
    string Source,
    double ExecutionTimeMs);

/// <summary>The original's <c>POST /{id}/sync</c> answer, with our sync block.</summary>
public sealed record DatasetSyncResponse(string Message, string Status, SyncBlock Sync);
