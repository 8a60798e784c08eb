using System.ComponentModel.DataAnnotations;

namespace AgentProvision.Persistence.Resilience;

/// <summary>
/// How long a request or a worker step keeps retrying while PostgreSQL cannot be reached (a restart, a failover) before
/// it gives up: the API then answers 503 with Retry-After. The defaults absorb a restart of a few seconds: 6 retries,
/// the first at once, then about one per second (EF's exponential backoff capped at <see cref="MaxRetryDelay"/>).
/// </summary>
public sealed class DatabaseRetryOptions
{
    public const string Section = "Database:Retry";

    [Range(0, 100)]
    public int MaxRetryCount { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
