using System.Text.Json;
using AgentProvision.Persistence.Entities;

namespace AgentProvision.Api.Sync;

public sealed record SyncError(string? Code, string? Message);

/// <summary>Where a resource stands against Databricks; every resource response carries it (DESIGN.md §4).</summary>
public sealed record SyncBlock(
    string Status,
    long Generation,
    long SyncedGeneration,
    int Attempts,
    SyncError? LastError,
    DateTimeOffset? SyncedAt,
    DateTimeOffset? NextAttemptAt,
    JsonElement Databricks)
{
    public static SyncBlock From(SyncedResource resource) => new(
        resource.SyncStatus.ToName(),
        resource.Generation,
        resource.SyncedGeneration,
        resource.SyncAttempts,
        resource.LastErrorCode is null && resource.LastErrorMessage is null ? null : new SyncError(resource.LastErrorCode, resource.LastErrorMessage),
        resource.SyncedAt,
        resource.NextAttemptAt,
        JsonDocument.Parse(resource.Metadata).RootElement.Clone());
}
