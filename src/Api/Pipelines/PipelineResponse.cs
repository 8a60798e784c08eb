using System.Text.Json;
using AgentProvision.Api.Sync;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Api.Pipelines;

/// <summary>
/// The original's DataPipeline <c>{name, config, id, tenant_id}</c> (seed-contract.md §2.4), plus ours:
/// <c>description</c>, the timestamps, <c>metadata</c> with the original's Databricks keys, and the <c>sync</c> block.
/// </summary>
public sealed record PipelineResponse(
    string Name,
    JsonElement Config,
    Guid Id,
    Guid TenantId,
    string? Description,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    JsonElement Metadata,
    SyncBlock Sync)
{
    public static PipelineResponse From(DataPipeline pipeline) => new(
        pipeline.Name,
        Json(pipeline.Config),
        pipeline.Id,
        pipeline.TenantId,
        pipeline.Description,
        pipeline.CreatedAt,
        pipeline.UpdatedAt,
        Json(pipeline.Metadata),
        SyncBlock.From(pipeline));

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
