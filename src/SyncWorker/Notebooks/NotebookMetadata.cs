using System.Text.Json;
using System.Text.Json.Nodes;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.SyncWorker.Notebooks;

/// <summary>A notebook's <c>metadata_</c>, with the original system's keys (seed-contract.md §4.4).</summary>
internal static class NotebookMetadata
{
    private const string Path = "databricks_path";

    public static string Synced(NotebookInfo info) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["databricks_enabled"] = true,
        [Path] = info.Path,
        ["databricks_object_id"] = info.ObjectId,
        ["databricks_language"] = info.Language,
        ["databricks_url"] = info.Url,
    });

    /// <summary>The workspace path of the remote copy, once a create or lookup has told us.</summary>
    public static string? PathOf(string metadata) =>
        JsonNode.Parse(metadata) is JsonObject node && node[Path] is JsonValue value && value.TryGetValue(out string? path) ? path : null;

    /// <summary>After removal: no longer in Databricks, with the path it had kept for the record.</summary>
    public static string Removed(string metadata)
    {
        var node = JsonNode.Parse(metadata) as JsonObject ?? [];
        node["databricks_enabled"] = false;
        node["databricks_removed"] = true;
        return node.ToJsonString();
    }
}
