using System.Text.Json;
using System.Text.Json.Serialization;

namespace AgentProvision.Tests.Infrastructure;

/// <summary>What the tests read back from the API and the emulator; kept apart from the production types on purpose,
/// so a change to the wire format breaks a test instead of silently following along.</summary>
public static class Wire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

public sealed record TokenDto(string AccessToken, string TokenType, int ExpiresIn, Guid TenantId, Guid UserId);

public sealed record SyncErrorDto(string? Code, string? Message);

public sealed record SyncDto(
    string Status, long Generation, long SyncedGeneration, int Attempts, SyncErrorDto? LastError, DateTimeOffset? SyncedAt, JsonElement Databricks)
{
    public string? NotebookPath => Databricks.ValueKind == JsonValueKind.Object && Databricks.TryGetProperty("databricks_path", out var p) ? p.GetString() : null;

    public long? ObjectId => Databricks.ValueKind == JsonValueKind.Object && Databricks.TryGetProperty("databricks_object_id", out var o) ? o.GetInt64() : null;
}

public sealed record NotebookDto(Guid Id, Guid TenantId, string Name, string? Description, string Language, string Content, SyncDto Sync);

public sealed record ProblemDto(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);

public sealed record EmulatorObject(
    string TenantId, string Kind, string Name, long? ObjectId, bool Exists, int CreatedCount, int ModifiedCount, int DeletedCount, int LiveCount);

public sealed record EmulatorObjects(List<EmulatorObject> Objects);

public sealed record FaultRuleDto(
    string Operation,
    string Mode,
    int? Status = null,
    string? ErrorCode = null,
    int? RetryAfterSeconds = null,
    double? Rate = null,
    int? Times = null,
    int? LatencyMs = null);

public sealed record EmulatorCalls(Dictionary<string, int> Calls);

public sealed record RemoteNotebookDto(string Path, long ObjectId, string Language, string Content);

public sealed record DatasetColumnDto(string Name, string Dtype);

public sealed record DatasetDto(
    Guid Id, string Name, string? Description, string SourceType, string? FileName, long RowCount,
    List<DatasetColumnDto> Schema, List<Dictionary<string, JsonElement>> SampleRows, DateTimeOffset CreatedAt, long SizeBytes,
    JsonElement Metadata, SyncDto Sync)
{
    public string? Metadata_(string key) =>
        Metadata.ValueKind == JsonValueKind.Object && Metadata.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public sealed record DatasetQueryDto(List<string> Columns, List<Dictionary<string, JsonElement>> Rows, int RowCount, string Query, string Source, double ExecutionTimeMs);
