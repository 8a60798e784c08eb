namespace AgentProvision.Persistence.Entities;

/// <summary>
/// When a tenant's resources of one kind are next compared with what Databricks holds (the drift check), and what the
/// last check found. A worker claims a due row by moving <see cref="DueAt"/> one interval ahead (SKIP LOCKED), so only one
/// worker checks a given tenant and kind per interval, and no lock is held while it calls the connector.
/// </summary>
public sealed class DriftCheck
{
    public Guid TenantId { get; set; }

    /// <summary>The resource kind (<c>notebook</c>, <c>dataset</c>, <c>pipeline</c>).</summary>
    public required string Kind { get; set; }

    public DateTimeOffset DueAt { get; set; }

    /// <summary>The worker that claimed the latest check, and when.</summary>
    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>When the latest check completed, and its outcome in words (listed, drifted, or why it was skipped).</summary>
    public DateTimeOffset? CheckedAt { get; set; }

    public string? LastOutcome { get; set; }
}
