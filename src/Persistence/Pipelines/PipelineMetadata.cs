using System.Text.Json.Nodes;

namespace AgentProvision.Persistence.Pipelines;

/// <summary>
/// A pipeline's <c>metadata_</c>: the original's keys (seed-contract.md §4.4: <c>databricks_enabled</c>,
/// <c>databricks_job_id</c>, <c>databricks_job_url</c>, <c>databricks_created_at</c>, <c>tasks_count</c>), plus what
/// exactly-once needs: the job's name, the fingerprint of the settings last pushed, and, while a create is on the wire,
/// when it was sent (<see cref="CreateSentAt"/>). The worker writes these as soon as it learns them, so what the row
/// says about Databricks never lags behind what Databricks holds.
/// </summary>
public static class PipelineMetadata
{
    /// <summary>The failure code of a create whose outcome cannot be known (no find-by-name on the connector).</summary>
    public const string OutcomeUnknownCode = "JOB_OUTCOME_UNKNOWN";

    private const string Enabled = "databricks_enabled";
    private const string JobId = "databricks_job_id";
    private const string JobUrl = "databricks_job_url";
    private const string CreatedAt = "databricks_created_at";
    private const string TasksCount = "tasks_count";
    private const string JobName = "databricks_job_name";
    private const string SettingsSha256 = "databricks_settings_sha256";
    private const string CreateSent = "databricks_job_create_sent_at";

    /// <summary>The job holds <paramref name="settings"/>: the original's keys, the job's name and the settings' fingerprint.</summary>
    public static string Synced(long jobId, string jobUrl, long createdTime, PipelineJobSettings settings) => new JsonObject
    {
        [Enabled] = true,
        [JobId] = jobId,
        [JobUrl] = jobUrl,
        [CreatedAt] = createdTime,
        [TasksCount] = settings.Tasks.Count,
        [JobName] = settings.Name,
        [SettingsSha256] = settings.Fingerprint(),
    }.ToJsonString();

    /// <summary>
    /// Written just before a create is sent: no job is known, and one may exist once the answer comes (or is lost). Until
    /// a job id replaces it, the worker looks the name up before it would create again.
    /// </summary>
    public static string CreateSentNow(string jobName, DateTimeOffset sentAt) => new JsonObject
    {
        [Enabled] = false,
        [JobName] = jobName,
        [CreateSent] = sentAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    }.ToJsonString();

    /// <summary>The create that was sent is known not to have made a job (the connector refused it, or an operator checked).</summary>
    public static string WithoutCreateSent(string metadata)
    {
        var node = Parse(metadata);
        node.Remove(CreateSent);
        return node.ToJsonString();
    }

    /// <summary>
    /// The drift check found the job gone or its settings changed out of band: forget the fingerprint of what was pushed,
    /// so the next sync pushes the settings again (or creates the job again) instead of finding "nothing to push".
    /// </summary>
    public static string WithoutSettingsFingerprint(string metadata)
    {
        var node = Parse(metadata);
        node.Remove(SettingsSha256);
        return node.ToJsonString();
    }

    /// <summary>After removal: no longer in Databricks; the job's id is kept for the record.</summary>
    public static string Removed(string metadata)
    {
        var node = Parse(metadata);
        node.Remove(CreateSent);
        node[Enabled] = false;
        node["databricks_removed"] = true;
        return node.ToJsonString();
    }

    public static long? JobIdOf(string metadata) => Read<long?>(metadata, JobId);

    public static string? SettingsFingerprintOf(string metadata) => Read<string>(metadata, SettingsSha256);

    /// <summary>When a create was sent whose answer never reached the row; null when none is in doubt.</summary>
    public static string? CreateSentAt(string metadata) => Read<string>(metadata, CreateSent);

    private static JsonObject Parse(string metadata) => JsonNode.Parse(metadata) as JsonObject ?? [];

    private static T? Read<T>(string metadata, string key) =>
        JsonNode.Parse(metadata) is JsonObject node && node[key] is JsonValue value && value.TryGetValue(out T? read) ? read : default;
}
