using System.Text.Json;

namespace AgentProvision.Api.Datasets;

/// <summary>The original's <c>POST /api/v1/datasets/ingest</c> body.</summary>
public sealed record IngestRecordsRequest(string? Name, List<JsonElement>? Records, string? Description, string? SourceType);

/// <summary>Renames or re-describes a dataset; its data changes only through a new upload.</summary>
public sealed record UpdateDatasetRequest(string? Name, string? Description);

/// <summary>The original's query body: SQL over the table <c>dataset</c>, at most <c>limit</c> rows (1..1000, default 100).</summary>
public sealed record DatasetQueryRequest(string? Sql, int? Limit);
