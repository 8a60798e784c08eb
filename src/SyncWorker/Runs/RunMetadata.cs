using System.Globalization;
using System.Text.Json.Nodes;
using AgentProvision.Contracts.Connector;

namespace AgentProvision.SyncWorker.Runs;

/// <summary>
/// A run's <c>metadata_</c>: its Databricks ids as the original answered them (<c>databricks_run_id</c>,
/// <c>databricks_url</c>, <c>number_in_job</c>), and what exactly-once needs: how often a submit was sent
/// (<c>submit_attempts</c>, written before each call), the token sent, and whether the server echoed it
/// (<c>idempotency_token_honoured</c>, the evidence that resubmitting after a lost answer is safe).
/// </summary>
public static class RunMetadata
{
    public const string RunId = "databricks_run_id";
    public const string SubmitAttempts = "submit_attempts";
    public const string TokenHonoured = "idempotency_token_honoured";
    private const string Token = "idempotency_token";
    private const string LastSubmitAt = "last_submit_at";

    /// <summary>How many submits were sent for this run (0: certainly never started by us).</summary>
    public static int SubmitAttemptsOf(string metadata) =>
        Parse(metadata)[SubmitAttempts] is JsonValue value && value.TryGetValue(out int attempts) ? attempts : 0;

    /// <summary>When the last submit was sent (for the operator's message), or null.</summary>
    public static string? LastSubmitAtOf(string metadata) =>
        Parse(metadata)[LastSubmitAt] is JsonValue value && value.TryGetValue(out string? at) ? at : null;

    /// <summary>Written before a submit is sent: from then on, an unknown outcome is possible.</summary>
    public static string WithSubmitAttempt(string metadata, string token, DateTimeOffset now)
    {
        var node = Parse(metadata);
        node[SubmitAttempts] = SubmitAttemptsOf(metadata) + 1;
        node[Token] = token;
        node[LastSubmitAt] = now.ToString("O", CultureInfo.InvariantCulture);
        return node.ToJsonString();
    }

    /// <summary>The submit's answer, with the original's keys.</summary>
    public static string Submitted(string metadata, RunSubmitted submitted, bool tokenHonoured)
    {
        var node = Parse(metadata);
        node["databricks_enabled"] = true;
        node[RunId] = submitted.RunId;
        node["databricks_url"] = submitted.RunPageUrl;
        if (submitted.NumberInJob is { } number)
        {
            node["number_in_job"] = number;
        }

        node[TokenHonoured] = tokenHonoured;
        return node.ToJsonString();
    }

    public static string With(string metadata, string key, JsonNode? value)
    {
        var node = Parse(metadata);
        node[key] = value;
        return node.ToJsonString();
    }

    private static JsonObject Parse(string metadata) => JsonNode.Parse(metadata) as JsonObject ?? [];
}
