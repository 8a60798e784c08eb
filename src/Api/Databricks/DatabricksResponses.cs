using System.Text.Json.Serialization;
using AgentProvision.Api.Sync;

namespace AgentProvision.Api.Databricks;

// The original router's shapes (seed-contract.md §2.5): optional fields are left out, not sent as null, as it did.

public sealed record DatabricksHealthResponse(
    string Status,
    bool McpEnabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? McpServer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? DatabricksConnected = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

public sealed record McpServerStatus(
    string Url,
    bool Healthy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? DatabricksConnected = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

/// <summary>The connector's view of the tenant's catalog (live), and ours: the recorded catalog's sync block, once initialized.</summary>
public sealed record TenantCatalogStatus(
    bool Exists,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CatalogName = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Schemas = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] SyncBlock? Sync = null);

/// <summary>The operation groups of the connector contract (docs/connector-contract.md), as the original listed them.</summary>
public sealed record ConnectorCapabilities(bool Datasets, bool Notebooks, bool Jobs, bool ModelServing, bool VectorSearch)
{
    public static ConnectorCapabilities OfContract { get; } = new(true, true, true, true, true);
}

public sealed record DatabricksStatusResponse(
    bool Enabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? McpServerUrl = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] McpServerStatus? McpServer = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] TenantCatalogStatus? TenantCatalog = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ConnectorCapabilities? Capabilities = null);

/// <summary>
/// The original answered <c>{message, catalog_name, schemas_created, catalog_url}</c> once the catalog existed; we answer
/// the same fields as soon as they are known, the sync block, and how many local-only resources were put in line.
/// </summary>
public sealed record InitializeResponse(
    string Message,
    string CatalogName,
    IReadOnlyList<string> SchemasCreated,
    string? CatalogUrl,
    SyncBlock Sync,
    IReadOnlyDictionary<string, int> Backfilled);

/// <summary>Per kind: the original's <c>total</c> and <c>in_databricks</c>, then the count in each state and the oldest unsynced change.</summary>
public sealed record KindUsage(
    long Total,
    long InDatabricks,
    long Pending,
    long Syncing,
    long Synced,
    long Failed,
    long LocalOnly,
    DateTimeOffset? OldestUnsyncedChangeAt,
    double? OldestUnsyncedAgeSeconds);

public sealed record UsageResponse(
    Guid TenantId,
    bool Enabled,
    IReadOnlyDictionary<string, KindUsage> Resources,
    IReadOnlyDictionary<string, double> SyncPercentage);
